using PhotoPrefs.Neural;

namespace PhotoPrefs.SemiSupervised;

public sealed partial class FixMatchTrainer
{
    private const int CheckpointMagic = 0x4B435050; // "PPCK"

    private sealed record CheckpointHeader(int Version, int Classes, int Channels, int SideInputs, FixMatchOptions Options, int StepsDone, double[] PredictedMean, bool SgdStarted, int EmaUpdates, List<TrainingRecord> History);

    /// <summary>
    /// Writes everything needed to continue training exactly where it stands: weights and BatchNorm
    /// statistics, the EMA average, the optimiser's momentum, the step count, the running class
    /// distribution and the history. Each step's randomness is seeded by (seed, step), so a run resumed from a
    /// checkpoint gives the same model as one that was never stopped.
    /// </summary>
    /// <param name="stream">Destination.</param>
    public void SaveCheckpoint(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write(CheckpointMagic);
        var header = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new CheckpointHeader(1, Classes, Channels, SideInputs, Options, StepsDone, _predictedMean, _sgd.Started, _ema.Updates, History));
        w.Write(header.Length);
        w.Write(header);
        using (var weights = new MemoryStream())
        {
            ModelFile.Save(Model, weights);
            w.Write((int)weights.Length);
            w.Write(weights.ToArray());
        }

        foreach (var group in new[] { _ema.Averages, _ema.BufferCopies, _sgd.State })
        {
            w.Write(group.Count);
            foreach (var a in group)
            {
                w.Write(a.Length);
                w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()));
            }
        }
    }

    /// <summary>Creates a trainer from a checkpoint written by <see cref="SaveCheckpoint"/>.</summary>
    /// <param name="stream">Source.</param>
    /// <returns>The trainer, ready to continue with <see cref="Train"/>.</returns>
    /// <exception cref="InvalidDataException">Not a checkpoint, or a damaged one.</exception>
    public static FixMatchTrainer LoadCheckpoint(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        try
        {
            if (r.ReadInt32() != CheckpointMagic)
            {
                throw new InvalidDataException("not a PhotoPrefs training checkpoint");
            }

            var h = System.Text.Json.JsonSerializer.Deserialize<CheckpointHeader>(r.ReadBytes(r.ReadInt32()))
                ?? throw new InvalidDataException("empty checkpoint header");
            var trainer = new FixMatchTrainer(h.Classes, h.Channels, h.Options, h.SideInputs);
            using (var weights = new MemoryStream(r.ReadBytes(r.ReadInt32())))
            {
                ModelFile.Load(trainer.Model, weights);
            }

            var groups = new List<float[]>[3];
            for (int g = 0; g < 3; g++)
            {
                int n = r.ReadInt32();
                groups[g] = [];
                for (int i = 0; i < n; i++)
                {
                    var a = new float[r.ReadInt32()];
                    r.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()));
                    groups[g].Add(a);
                }
            }

            trainer._ema.Restore(groups[0], groups[1], h.EmaUpdates);
            trainer._sgd.Restore(groups[2], h.SgdStarted);
            h.PredictedMean.CopyTo(trainer._predictedMean, 0);
            trainer.StepsDone = h.StepsDone;
            trainer.History.AddRange(h.History);
            return trainer;
        }
        catch (Exception e) when (e is EndOfStreamException or System.Text.Json.JsonException or ArgumentException)
        {
            throw new InvalidDataException("damaged training checkpoint: " + e.Message, e);
        }
    }
}

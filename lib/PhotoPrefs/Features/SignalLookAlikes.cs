namespace PhotoPrefs.Features;

/// <summary>
/// What <see cref="PhotoSignals.Compute"/> needs to find a photo's look-alikes where its capture time gives it no
/// context: each photo's embedding, and its stored thumbnail for the picture match of near-identical frames.
/// </summary>
/// <param name="Embeddings">Unit-length embeddings, row-major, row <c>i</c> that of photo <c>i</c> (centred in <see cref="PhotoSignals.Compute"/>).</param>
/// <param name="Dimension">Values per embedding.</param>
/// <param name="Thumbnails">
/// The JPEG thumbnails of the given photo ids (each one is needed); asked at most once, for the photos without a
/// capture time that have a look-alike of their shape.
/// </param>
public sealed record SignalLookAlikes(float[] Embeddings, int Dimension, Func<IReadOnlySet<long>, IReadOnlyDictionary<long, byte[]>> Thumbnails);

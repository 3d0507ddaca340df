
namespace PhotoPrefs.Features;

/// <summary>
/// Per-photo signals that do not show in a small thumbnail but matter for keep/delete, computed from arrays
/// (<see cref="FeatureExtraction.Signals"/> reads them for a workspace): sharpness, exposure, the photo's shape, the photo's place on the album's timeline, its
/// burst group (shots a second or two apart with nearly the same colours) with the sharpest shot of each
/// group as the keeper, and its standing among the photos taken within the hour around it: how much softer and
/// how much brighter it is than they are. A sky or a wall is soft and a snowfield bright whatever the shot's
/// quality; against the other shots of the same outing, a blurred or an over-exposed shot stands out, however
/// mild or extreme its defect. Where a photo has no capture time (a file time that other files share), its
/// look-alikes by embedding stand in for that outing, and such photos form bursts by embedding and picture match
/// (see <see cref="Compute"/>).
/// They explain suggestions ("blurred", "dark", "burst duplicate") and are a side input of the FixMatch
/// network.
/// </summary>
public sealed partial class PhotoSignals
{
    /// <summary>The signal names, in <see cref="Values"/> order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["sharpness", "fine_detail", "edge_width", "brightness", "shadows_p5", "highlights_p95", "clipped_dark", "clipped_bright", "time", "in_burst", "burst_not_best", "burst_sharpness_gap", "elongation",
            "sharpness_vs_hour", "brightness_vs_hour"];

    /// <summary>
    /// How many photos, the nearest in capture time within <see cref="NearbyHours"/> either way, a photo is measured
    /// against in <c>sharpness_vs_hour</c> and <c>brightness_vs_hour</c>.
    /// </summary>
    public const int NearbyCount = 8;

    /// <summary>How far in capture time, either way, the photos a photo is measured against may be, in hours.</summary>
    public const double NearbyHours = 1;

    /// <summary>Fewest photos within <see cref="NearbyHours"/> for a standing in time, and fewest look-alikes for one among look-alikes: with fewer, <c>sharpness_vs_hour</c> and <c>brightness_vs_hour</c> are 0.</summary>
    public const int NearbyMinimum = 2;

    /// <summary>Longest gap between consecutive shots of one burst, in seconds.</summary>
    public const double BurstGapSeconds = 2;

    /// <summary>Largest L1 distance between the colour histograms of consecutive shots of one burst (histograms sum to 1).</summary>
    public const double BurstColorDistance = 0.5;

    private PhotoSignals(long[] ids, float[] values, int[] burst, bool[] burstBest)
    {
        PhotoIds = ids;
        Values = values;
        Burst = burst;
        BurstBest = burstBest;
    }

    /// <summary>Photo ids, in id order.</summary>
    public IReadOnlyList<long> PhotoIds { get; }

    /// <summary>Raw signals, photos x <see cref="Names"/>, row-major.</summary>
    public float[] Values { get; }

    /// <summary>Burst group per photo (-1 outside bursts).</summary>
    public IReadOnlyList<int> Burst { get; }

    /// <summary>Whether the photo is the sharpest of its burst (false outside bursts).</summary>
    public IReadOnlyList<bool> BurstBest { get; }

    /// <summary>Signal <paramref name="name"/> of photo <paramref name="index"/>.</summary>
    /// <param name="index">Photo index.</param>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <returns>The raw value.</returns>
    public float Get(int index, string name) => Values[(index * Names.Count) + IndexOf(name)];

    /// <summary>Where standardised values are clipped: rare extremes (a few clipped-bright photos) would otherwise reach z = 15 and destabilise training.</summary>
    public const double Clip = 3;

    /// <summary>The signals standardised over the album (zero mean, unit deviation per column, clipped to ±<see cref="Clip"/>; constant columns become 0).</summary>
    /// <returns>Photos x signals, row-major.</returns>
    public float[] Standardized()
    {
        int n = PhotoIds.Count, d = Names.Count;
        var z = (float[])Values.Clone();
        for (int j = 0; j < d; j++)
        {
            double mean = 0, sq = 0;
            for (int i = 0; i < n; i++)
            {
                mean += Values[(i * d) + j] / (double)n;
            }

            for (int i = 0; i < n; i++)
            {
                double x = Values[(i * d) + j] - mean;
                sq += x * x / n;
            }

            double std = Math.Sqrt(sq);
            for (int i = 0; i < n; i++)
            {
                z[(i * d) + j] = std < 1e-6 ? 0f : (float)Math.Clamp((Values[(i * d) + j] - mean) / std, -Clip, Clip);
            }
        }

        return z;
    }

    /// <summary>
    /// The <c>elongation</c> signal: |ln(width / height)|, 0 for a square, 0.29 for 4:3 and 0.56 for 16:9 either
    /// way up, 0.75 for a 9:19 phone screenshot. The network sees a square centre crop of each photo, so without
    /// it the shape, which tells screenshots and many downloads from camera shots, is lost; whether a shot was
    /// held upright or sideways is left out, as it says nothing about keeping it.
    /// </summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The signal (0 when either side is not positive).</returns>
    public static float Elongation(int width, int height) => width > 0 && height > 0 ? (float)Math.Abs(Math.Log(width / (double)height)) : 0f;

    /// <summary>
    /// Whether each photo's time is a capture time: one read from EXIF or the file name is; one read from the file's
    /// own modification time is unless another such file time is the same to the second, as for files copied or
    /// touched together.
    /// </summary>
    /// <param name="times">The photos' times.</param>
    /// <param name="fromFile">Whether each time is the file's own modification time.</param>
    /// <returns>Per photo, whether its time counts as a capture time.</returns>
    /// <exception cref="ArgumentException">The arrays differ in length.</exception>
    public static bool[] CaptureTimes(DateTime[] times, bool[] fromFile)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(fromFile);
        if (times.Length != fromFile.Length)
        {
            throw new ArgumentException($"{fromFile.Length} sources for {times.Length} times", nameof(fromFile));
        }

        var seconds = new Dictionary<long, int>();
        for (int i = 0; i < times.Length; i++)
        {
            if (fromFile[i])
            {
                long second = times[i].Ticks / TimeSpan.TicksPerSecond;
                seconds[second] = seconds.GetValueOrDefault(second) + 1;
            }
        }

        var captured = new bool[times.Length];
        for (int i = 0; i < times.Length; i++)
        {
            captured[i] = !fromFile[i] || seconds[times[i].Ticks / TimeSpan.TicksPerSecond] == 1;
        }

        return captured;
    }

    /// <summary>
    /// Computes the signals from feature rows (see <see cref="FeatureKinds.Quality"/> and <see cref="FeatureKinds.Color"/>).
    /// <list type="bullet">
    /// <item>Bursts on the timeline: photos with a capture time, consecutive in time, at most <see cref="BurstGapSeconds"/>
    /// apart and <see cref="BurstColorDistance"/> apart in colour, joined in a chain.</item>
    /// <item>Bursts without a timeline (with <paramref name="lookAlikes"/>): photos without a capture time, of one shape
    /// (elongations within <see cref="BurstShapeTolerance"/>), centred cosine at least <see cref="BurstCosine"/> (each
    /// photo's <see cref="Duplicates.DuplicateFinder.MaxCopyCandidatesPerPhoto"/> closest), whose pixels agree once lined
    /// up (<see cref="Duplicates.PictureMatch"/>: agreement and matched share at least the copy defaults of
    /// <see cref="Duplicates.DuplicateOptions"/>) with one field of view (coverage at least <see cref="BurstCoverage"/>), joined single-link. In either kind the sharpest shot is the keeper.</item>
    /// <item>The standing (<c>sharpness_vs_hour</c>, <c>brightness_vs_hour</c>): value minus the median over the up to
    /// <see cref="NearbyCount"/> photos with a capture time nearest in time within <see cref="NearbyHours"/>. A photo
    /// without a capture time has none of them; for it, when <paramref name="lookAlikes"/> is given, its look-alikes stand
    /// in: the other shots of its burst, then the photos of highest centred cosine, at least <see cref="LookAlikeCosine"/>,
    /// up to <see cref="NearbyCount"/> in all. A photo with a capture time and fewer than <see cref="NearbyMinimum"/>
    /// photos within the hour, or without a capture time and fewer look-alikes than that, has a standing of 0.</item>
    /// </list>
    /// Without <paramref name="captured"/> and <paramref name="lookAlikes"/> every time counts and no look-alike stands in.
    /// </summary>
    /// <param name="ids">Photo ids.</param>
    /// <param name="quality">Quality rows: log(1 + Laplacian variance), p5, p50, p95, mean, clipped dark, clipped bright, blur ratio (<see cref="ImageStats.BlurRatio"/>), peak sharpness, edge width (<see cref="ImageStats.EdgeWidth"/>).</param>
    /// <param name="qualityDim">Values per quality row.</param>
    /// <param name="color">Colour histogram rows.</param>
    /// <param name="colorDim">Values per colour row.</param>
    /// <param name="times">Capture times.</param>
    /// <param name="elongations">The <see cref="Elongation"/> of each photo (0 for every photo when null).</param>
    /// <param name="captured">Whether each time is a capture time (<see cref="CaptureTimes"/>); every one when null.</param>
    /// <param name="lookAlikes">Embeddings and thumbnails for the photos without context in time; none when null.</param>
    /// <returns>The signals.</returns>
    /// <exception cref="ArgumentException">An array of the wrong length.</exception>
    public static PhotoSignals Compute(
        long[] ids, float[] quality, int qualityDim, float[] color, int colorDim, DateTime[] times, float[]? elongations = null, bool[]? captured = null, SignalLookAlikes? lookAlikes = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(quality);
        ArgumentNullException.ThrowIfNull(color);
        ArgumentNullException.ThrowIfNull(times);
        if (elongations is not null && elongations.Length != ids.Length)
        {
            throw new ArgumentException($"{elongations.Length} elongations for {ids.Length} photos", nameof(elongations));
        }

        if (captured is not null && captured.Length != ids.Length)
        {
            throw new ArgumentException($"{captured.Length} capture flags for {ids.Length} photos", nameof(captured));
        }

        if (lookAlikes is not null && lookAlikes.Embeddings.Length != (long)ids.Length * lookAlikes.Dimension)
        {
            throw new ArgumentException($"{lookAlikes.Embeddings.Length} embedding values for {ids.Length} photos of {lookAlikes.Dimension}", nameof(lookAlikes));
        }

        int n = ids.Length, d = Names.Count;
        var burst = Enumerable.Repeat(-1, n).ToArray();
        var order = Enumerable.Range(0, n).Where(i => captured?[i] ?? true).OrderBy(i => times[i]).ThenBy(i => ids[i]).ToArray();
        int groups = 0;
        for (int k = 1; k < order.Length; k++)
        {
            int a = order[k - 1], b = order[k];
            double gap = (times[b] - times[a]).TotalSeconds;
            double dist = 0;
            for (int j = 0; j < colorDim; j++)
            {
                dist += Math.Abs(color[(a * colorDim) + j] - color[(b * colorDim) + j]);
            }

            if (gap <= BurstGapSeconds && dist <= BurstColorDistance)
            {
                if (burst[a] < 0)
                {
                    burst[a] = groups++;
                }

                burst[b] = burst[a];
            }
        }

        var centred = lookAlikes is null ? null : Embeddings.EmbeddingSpace.Centre(lookAlikes.Embeddings, lookAlikes.Dimension);
        if (lookAlikes is not null && captured is not null)
        {
            VisualBursts(ids, elongations, captured, lookAlikes, centred!, burst, groups);
        }

        var best = new Dictionary<int, float>();
        var bestIndex = new Dictionary<int, int>();
        for (int i = 0; i < n; i++)
        {
            float s = quality[i * qualityDim];
            if (burst[i] >= 0 && (!best.TryGetValue(burst[i], out var b) || s > b))
            {
                best[burst[i]] = s;
                bestIndex[burst[i]] = i;
            }
        }

        var t0 = n == 0 ? DateTime.MinValue : times.Min();
        double span = n == 0 ? 0 : (times.Max() - t0).TotalSeconds;
        var values = new float[n * d];
        var isBest = new bool[n];
        for (int i = 0; i < n; i++)
        {
            var q = quality.AsSpan(i * qualityDim, qualityDim);
            var row = values.AsSpan(i * d, d);
            row[0] = q[0];
            row[1] = q[7];
            row[2] = q[9];
            row[3] = q[4];
            row[4] = q[1];
            row[5] = q[3];
            row[6] = q[5];
            row[7] = q[6];
            row[8] = span <= 0 ? 0f : (float)((times[i] - t0).TotalSeconds / span);
            row[12] = elongations?[i] ?? 0f;
            if (burst[i] >= 0)
            {
                isBest[i] = bestIndex[burst[i]] == i;
                row[9] = 1;
                row[10] = isBest[i] ? 0 : 1;
                row[11] = best[burst[i]] - q[0];
            }
        }

        var alone = Standing(values, d, order, times, ids, n);
        if (centred is not null && captured is not null)
        {
            for (int i = 0; i < n; i++)
            {
                alone[i] &= !captured[i];
            }

            LookAlikeStanding(values, d, alone, burst, centred, lookAlikes!.Dimension);
        }

        return new PhotoSignals(ids, values, burst, isBest);
    }

    /// <summary>Centred cosine from which another photo is one of a photo's look-alikes in the standing.</summary>
    public const float LookAlikeCosine = Duplicates.DuplicateOptions.DefaultSimilarCosine;

    /// <summary>Centred cosine from which two photos without a capture time may be frames of one burst.</summary>
    public const float BurstCosine = Duplicates.DuplicateOptions.DefaultCopyCosine;

    /// <summary>
    /// Smallest <see cref="Duplicates.PictureAgreement.Coverage"/> of two frames of one burst without a timeline: a
    /// burst keeps the camera's field of view, moved a little by the hand; a crop, a zoom or a new framing of the scene
    /// is another shot.
    /// </summary>
    public const float BurstCoverage = 0.95f;

    /// <summary>Largest difference of <see cref="Elongation"/> between two frames of one burst without a timeline: a burst keeps the camera's frame.</summary>
    public const float BurstShapeTolerance = 0.02f;

    // sharpness (column 0) and brightness (column 3) against the median of the NearbyCount photos nearest in time
    // within NearbyHours (ties to the lower id), into columns 13 and 14; a photo with fewer than NearbyMinimum is left
    // at 0 and marked in the answer, as is every photo not on the timeline `order`
    private static bool[] Standing(float[] values, int d, int[] order, DateTime[] times, long[] ids, int count)
    {
        var alone = Enumerable.Repeat(true, count).ToArray();
        int n = order.Length;
        var window = TimeSpan.FromHours(NearbyHours);
        var near = new List<int>(NearbyCount);
        var sharp = new float[NearbyCount];
        var bright = new float[NearbyCount];
        for (int k = 0; k < n; k++)
        {
            int i = order[k], left = k - 1, right = k + 1;
            near.Clear();
            while (near.Count < NearbyCount)
            {
                bool hasLeft = left >= 0 && times[i] - times[order[left]] <= window;
                bool hasRight = right < n && times[order[right]] - times[i] <= window;
                if (!hasLeft && !hasRight)
                {
                    break;
                }

                bool takeLeft = hasLeft && (!hasRight || Closer(order[left], order[right]));
                near.Add(takeLeft ? order[left--] : order[right++]);
            }

            if (near.Count < NearbyMinimum)
            {
                continue;
            }

            alone[i] = false;
            for (int m = 0; m < near.Count; m++)
            {
                sharp[m] = values[near[m] * d];
                bright[m] = values[(near[m] * d) + 3];
            }

            values[(i * d) + 13] = values[i * d] - Median(sharp.AsSpan(0, near.Count));
            values[(i * d) + 14] = values[(i * d) + 3] - Median(bright.AsSpan(0, near.Count));

            bool Closer(int a, int b)
            {
                long da = Math.Abs((times[a] - times[i]).Ticks), db = Math.Abs((times[b] - times[i]).Ticks);
                return da < db || (da == db && ids[a] < ids[b]);
            }
        }

        return alone;
    }

    private static float Median(Span<float> values)
    {
        values.Sort();
        int m = values.Length / 2;
        return values.Length % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2;
    }

    private static int IndexOf(string name)
    {
        for (int i = 0; i < Names.Count; i++)
        {
            if (Names[i] == name)
            {
                return i;
            }
        }

        throw new ArgumentException($"unknown signal '{name}' (known: {string.Join(", ", Names)})", nameof(name));
    }
}

namespace PhotoPrefs.Cli.Commands;

/// <summary><c>photoprefs info --json</c>.</summary>
internal sealed record InfoJson(string Workspace, int SchemaVersion, int Photos, IReadOnlyList<SkippedJson> Skipped, int Missing, IReadOnlyDictionary<string, int> Formats, long CompressedBytes, IReadOnlyDictionary<string, LabelCountJson> Labels);

/// <summary>A skipped file in <see cref="InfoJson"/>.</summary>
internal sealed record SkippedJson(string Path, string Reason);

/// <summary>A user's label counts in <see cref="InfoJson"/>.</summary>
internal sealed record LabelCountJson(int Keep, int Delete);

/// <summary>One row of <c>photoprefs predict --json</c>: p(delete), its calibrated value, and whether the suggestions' cut lists it.</summary>
internal sealed record PredictionJson(string File, double PDelete, double Confidence, bool Listed);

/// <summary><c>photoprefs similar --json</c>.</summary>
internal sealed record SimilarJson(IReadOnlyList<SimilarPhotoJson> Results);

/// <summary>One photo in <see cref="SimilarJson"/>.</summary>
internal sealed record SimilarPhotoJson(string Path, double Similarity);

/// <summary><c>photoprefs duplicates --json</c>.</summary>
internal sealed record DuplicatesJson(IReadOnlyList<DuplicateGroupJson> Groups);

/// <summary>One group in <see cref="DuplicatesJson"/>.</summary>
internal sealed record DuplicateGroupJson(string Keep, IReadOnlyList<string> Members, string Kind, IReadOnlyList<string> Reasons);

/// <summary><c>photoprefs bench digits --json</c>: FixMatch against supervised-only on the real digits.</summary>
internal sealed record DigitsBenchJson(DigitsArmJson Fixmatch, DigitsArmJson Supervised, double SecondsPerRun, int Labels, int Steps);

/// <summary>One arm of <see cref="DigitsBenchJson"/>: mean test accuracy and each seed's.</summary>
internal sealed record DigitsArmJson(double MeanAccuracy, double[] PerSeed);

using PhotoPrefs.Features;

namespace PhotoPrefs.Duplicates;

/// <summary>What kind of near-duplicates a group holds.</summary>
public enum DuplicateKind
{
    /// <summary>The same picture: byte-identical files, or edited or re-encoded copies (resized, cropped, recompressed, brightened, captioned, converted).</summary>
    Copy,

    /// <summary>Shots of one burst: seconds apart, nearly the same colours (<see cref="PhotoSignals"/>).</summary>
    Burst,

    /// <summary>Different shots of the same thing: embeddings close, but neither a copy nor one burst.</summary>
    Similar,
}

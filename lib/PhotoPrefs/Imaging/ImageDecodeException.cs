namespace PhotoPrefs.Imaging;

/// <summary>
/// A file that cannot be used as a photo. <see cref="Exception.Message"/> is the short reason
/// recorded in the workspace next to the skipped file ("empty file", "truncated or corrupt image", …).
/// </summary>
public sealed class ImageDecodeException : Exception
{
    /// <summary>Creates the exception with no reason.</summary>
    public ImageDecodeException()
    {
    }

    /// <summary>Creates the exception with the reason to record.</summary>
    /// <param name="reason">Short, human-readable reason.</param>
    public ImageDecodeException(string reason)
        : base(reason)
    {
    }

    /// <summary>Creates the exception with the reason to record and its cause.</summary>
    /// <param name="reason">Short, human-readable reason.</param>
    /// <param name="innerException">The decoder's own exception.</param>
    public ImageDecodeException(string reason, Exception innerException)
        : base(reason, innerException)
    {
    }
}

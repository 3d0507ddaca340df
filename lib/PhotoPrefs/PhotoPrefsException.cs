namespace PhotoPrefs;

/// <summary>
/// An error a person can act on: a missing folder, a workspace from a newer version,
/// a full disk. The command prints its message as one line, without a stack trace.
/// </summary>
public class PhotoPrefsException : Exception
{
    /// <summary>Creates an error with no message.</summary>
    public PhotoPrefsException()
    {
    }

    /// <summary>Creates an error with a message meant for the person running PhotoPrefs.</summary>
    /// <param name="message">One clear sentence: what went wrong and what to do.</param>
    public PhotoPrefsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an error with a message and the low-level cause.</summary>
    /// <param name="message">One clear sentence: what went wrong and what to do.</param>
    /// <param name="innerException">The exception that caused it.</param>
    public PhotoPrefsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace PhotoPrefs.Store;

/// <summary>A keep/delete decision.</summary>
public enum PhotoLabel
{
    /// <summary>Keep the photo.</summary>
    Keep,

    /// <summary>The person would delete the photo.</summary>
    Delete,
}

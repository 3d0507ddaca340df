namespace PhotoPrefs.Sample;

/// <summary>
/// The three simulated album owners and their documented keep/delete rules over a photo's hidden
/// attributes (<see cref="SamplePhoto"/>):
/// <list type="bullet">
/// <item><b>J</b>, a stable habit: deletes screenshots and chat screenshots, blurred shots (accidental floor
/// shots included), dark pocket shots, and every burst shot but the best. Keeps everything else.</item>
/// <item><b>F</b>, a drifting habit: always deletes dark and blurred shots; before the album's midpoint in time
/// also deletes screenshots and chats; from the midpoint on keeps those but deletes documents and memes.</item>
/// <item><b>C</b>, a tidy user whose album is already cleaned: deletes only dark pocket shots and burst
/// duplicates (about 8-10% of the album, so the classes are imbalanced).</item>
/// </list>
/// </summary>
public static class SimulatedUsers
{
    /// <summary>The users' names, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["J", "F", "C"];

    /// <summary>Whether <paramref name="user"/> deletes <paramref name="photo"/>.</summary>
    /// <param name="user">J, F or C.</param>
    /// <param name="photo">The photo.</param>
    /// <param name="midpoint">F's turning point: the middle of the album's timeline.</param>
    /// <returns>True for delete, false for keep.</returns>
    /// <exception cref="ArgumentException">Unknown user.</exception>
    public static bool Deletes(string user, SamplePhoto photo, DateTime midpoint)
    {
        ArgumentNullException.ThrowIfNull(photo);
        bool screen = photo.Kind is SampleKind.Screenshot or SampleKind.Chat;
        return user switch
        {
            "J" => screen || photo.Blurred || photo.Dark || photo.IsBurstDuplicate,
            "F" => photo.Dark || photo.Blurred
                || (photo.TakenAt < midpoint ? screen : photo.Kind is SampleKind.Document or SampleKind.Meme),
            "C" => photo.Dark || photo.IsBurstDuplicate,
            _ => throw new ArgumentException($"unknown simulated user '{user}' (known: J, F, C)", nameof(user)),
        };
    }

    /// <summary>The middle of the album's timeline: halfway between its first and last capture time.</summary>
    /// <param name="photos">The album.</param>
    /// <returns>The midpoint.</returns>
    public static DateTime Midpoint(IReadOnlyCollection<SamplePhoto> photos)
    {
        ArgumentNullException.ThrowIfNull(photos);
        var min = photos.Min(p => p.TakenAt);
        var max = photos.Max(p => p.TakenAt);
        return min + ((max - min) / 2);
    }
}

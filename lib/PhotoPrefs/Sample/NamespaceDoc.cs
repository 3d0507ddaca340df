namespace PhotoPrefs.Sample;

/// <summary>
/// The public stand-in for private phone albums: a seeded generator of plausible phone photos
/// (scenes, portraits, food, documents, screenshots, chats, memes, and the junk people delete),
/// the hidden attributes behind each photo, and three simulated users (J, F, C) whose keep/delete
/// labels follow documented rules over those attributes. In: a seed and a count. Out: an album
/// folder, <c>attributes.csv</c>, and <c>labels/&lt;user&gt;.csv</c>.
/// </summary>
internal static class NamespaceDoc
{
}

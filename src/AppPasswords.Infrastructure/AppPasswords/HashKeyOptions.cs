namespace AppPasswords.Infrastructure.AppPasswords;

/// <summary>
/// Configuration section <c>AppPasswords:HashKeys</c>: the server keys for app password and service key hashes.
/// <code>
/// "AppPasswords": { "HashKeys": { "CurrentKeyId": "2027a",
///   "Keys": [ { "Id": "2026a", "Secret": "&lt;base64, 32+ bytes&gt;" }, { "Id": "2027a", "Secret": "..." } ] } }
/// </code>
/// When no key is configured and the database is SQLite, a key is generated once and kept in
/// <c>{Database:DataDirectory}/app-password-hash-keys.json</c> (owner-only permissions), outside the database file.
/// </summary>
public sealed class HashKeyOptions
{
    public const string SectionName = "AppPasswords:HashKeys";

    public string? CurrentKeyId { get; set; }

    public List<HashKeyEntry> Keys { get; set; } = [];
}

public sealed class HashKeyEntry
{
    public string Id { get; set; } = "";

    /// <summary>Base64 of at least 32 random bytes.</summary>
    public string Secret { get; set; } = "";
}

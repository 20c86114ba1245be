namespace AppPasswords.Core.ServiceKeys;

/// <summary>
/// A credential a mail server presents to the verify API (<c>Authorization: Bearer apsk_{prefix}_{secret}</c>).
/// The prefix identifies the key in lists and logs; only a keyed hash of the secret part is stored.
/// </summary>
public class ServiceKey
{
    public Guid Id { get; set; }

    public string Label { get; set; } = "";

    /// <summary>Non-secret identifier embedded in the key (12 lowercase letters/digits); unique.</summary>
    public string Prefix { get; set; } = "";

    public string HashKeyId { get; set; } = "";

    public int HashVersion { get; set; }

    public byte[] Hash { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>Persistence of service keys.</summary>
public interface IServiceKeyStore
{
    Task AddAsync(ServiceKey serviceKey, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ServiceKey>> ListAsync(CancellationToken cancellationToken = default);

    Task<ServiceKey?> FindByPrefixAsync(string prefix, CancellationToken cancellationToken = default);

    Task<bool> RevokeAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Records a use unless one was recorded after <paramref name="notUsedSince"/>.</summary>
    Task RecordUseAsync(Guid id, DateTimeOffset now, DateTimeOffset notUsedSince, CancellationToken cancellationToken = default);
}

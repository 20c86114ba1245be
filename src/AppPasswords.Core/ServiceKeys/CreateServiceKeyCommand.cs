using System.Text.Json;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Common;
using AppPasswords.Core.Security;

namespace AppPasswords.Core.ServiceKeys;

/// <summary>Creates a service key for a mail server; the key is returned once and only its hash is kept.</summary>
public interface ICreateServiceKeyCommand
{
    Task<CreatedServiceKey> CreateAsync(string label, Guid? actorUserId, CancellationToken cancellationToken = default);
}

public sealed record CreatedServiceKey(ServiceKey ServiceKey, string Key);

public sealed class CreateServiceKeyCommand(IServiceKeyStore store, IRandomSource random, AppPasswordHasher hasher, IAuditLog audit, TimeProvider clock)
    : ICreateServiceKeyCommand
{
    public const int MaxLabelLength = 100;

    public async Task<CreatedServiceKey> CreateAsync(string label, Guid? actorUserId, CancellationToken cancellationToken = default)
    {
        var trimmed = label?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxLabelLength)
        {
            throw new ArgumentException($"A service key label has 1 to {MaxLabelLength} characters.", nameof(label));
        }

        var now = clock.GetUtcNow();
        var (prefix, secret) = ServiceKeyFormat.NewParts(random);
        var hash = hasher.Hash(secret, HashPurpose.ServiceKey);
        var serviceKey = new ServiceKey
        {
            Id = Guid.CreateVersion7(now),
            Label = trimmed,
            Prefix = prefix,
            HashKeyId = hash.KeyId,
            HashVersion = hash.Version,
            Hash = hash.Hash,
            CreatedAt = now,
        };
        await store.AddAsync(serviceKey, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent
            {
                EventType = AuditEventTypes.ServiceKeyCreated,
                ActorUserId = actorUserId,
                Target = $"service-key:{serviceKey.Id}",
                Details = JsonSerializer.Serialize(new { label = trimmed, prefix }),
            },
            cancellationToken);
        return new CreatedServiceKey(serviceKey, ServiceKeyFormat.Compose(prefix, secret));
    }
}

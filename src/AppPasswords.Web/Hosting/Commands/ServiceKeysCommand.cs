using System.Globalization;
using AppPasswords.Core.ServiceKeys;
using AppPasswords.Infrastructure.Persistence;

namespace AppPasswords.Web.Hosting.Commands;

/// <summary>
/// <c>service-keys create &lt;label&gt;</c> (prints the key once on stdout), <c>service-keys list</c>,
/// <c>service-keys revoke &lt;id&gt;</c>. For provisioning mail servers from scripts.
/// </summary>
internal static class ServiceKeysCommand
{
    public const string Verb = "service-keys";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        await app.Services.MigrateDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        switch (args)
        {
            case ["create", var label]:
                if (label.Trim().Length is 0 or > CreateServiceKeyCommand.MaxLabelLength)
                {
                    await Console.Error.WriteLineAsync($"The label needs 1 to {CreateServiceKeyCommand.MaxLabelLength} characters.");
                    return 2;
                }

                var created = await services.GetRequiredService<ICreateServiceKeyCommand>().CreateAsync(label, actorUserId: null);
                await Console.Error.WriteLineAsync($"Created service key {created.ServiceKey.Id} ({created.ServiceKey.Label}). It is shown only now:");
                await Console.Out.WriteLineAsync(created.Key);
                return 0;
            case ["list"]:
                foreach (var key in await services.GetRequiredService<IListServiceKeysQuery>().ListAsync())
                {
                    await Console.Out.WriteLineAsync(string.Join('\t',
                        key.Id,
                        ServiceKeyFormat.Scheme + key.Prefix,
                        key.Label,
                        key.CreatedAt.ToString("u", CultureInfo.InvariantCulture),
                        key.LastUsedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "never used",
                        key.IsRevoked ? "revoked" : "active"));
                }

                return 0;
            case ["revoke", var id] when Guid.TryParse(id, CultureInfo.InvariantCulture, out var keyId):
                if (await services.GetRequiredService<IRevokeServiceKeyCommand>().RevokeAsync(keyId, actorUserId: null))
                {
                    await Console.Error.WriteLineAsync($"Revoked service key {keyId}.");
                    return 0;
                }

                await Console.Error.WriteLineAsync($"No active service key {keyId}.");
                return 1;
            default:
                await Console.Error.WriteLineAsync("Usage: service-keys create <label> | service-keys list | service-keys revoke <id>");
                return 2;
        }
    }
}

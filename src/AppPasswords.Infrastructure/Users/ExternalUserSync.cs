using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.Users;

public sealed class ExternalUserSync(AppPasswordsDbContext db, TimeProvider clock) : IExternalUserSync
{
    public async Task<User> SyncAsync(string externalKey, string userPrincipalName, string displayName, string? email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(externalKey);
        var now = clock.GetUtcNow();
        var user = await db.Set<User>().SingleOrDefaultAsync(u => u.ExternalKey == externalKey, cancellationToken);
        if (user is null)
        {
            user = new User { Id = Guid.NewGuid(), ExternalKey = externalKey, CreatedAt = now };
            db.Set<User>().Add(user);
        }

        user.UserPrincipalName = Clip(userPrincipalName);
        user.DisplayName = Clip(string.IsNullOrWhiteSpace(displayName) ? userPrincipalName : displayName);
        user.Email = string.IsNullOrWhiteSpace(email) ? null : Clip(email);
        user.LastSignInAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    private static string Clip(string value) => value.Length > 256 ? value[..256] : value;
}

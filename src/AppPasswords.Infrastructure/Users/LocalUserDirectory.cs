using System.Text.Json;
using AppPasswords.Core.Audit;
using AppPasswords.Core.Auth;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Auth;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AppPasswords.Infrastructure.Users;

public sealed partial class LocalUserDirectory(
    AppPasswordsDbContext db,
    LocalPasswordHasher hasher,
    IUserSessionStore sessions,
    IAuditLog audit,
    TimeProvider clock,
    ILogger<LocalUserDirectory> logger) : ILocalUserDirectory
{
    public async Task<CreateLocalUserResult> CreateAsync(NewLocalUser newUser, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(newUser);
        ArgumentNullException.ThrowIfNull(password);
        if (!LocalUserNames.IsValid(newUser.UserName))
        {
            return new CreateLocalUserResult(CreateLocalUserError.InvalidUserName);
        }

        var userName = newUser.UserName.Trim();
        var problem = LocalPasswordPolicy.Check(password, userName);
        if (problem != PasswordProblem.None)
        {
            return new CreateLocalUserResult(problem switch
            {
                PasswordProblem.TooShort => CreateLocalUserError.PasswordTooShort,
                PasswordProblem.TooLong => CreateLocalUserError.PasswordTooLong,
                _ => CreateLocalUserError.PasswordCommon,
            });
        }

        var key = LocalUserNames.ExternalKey(userName);
        if (await db.Set<User>().AnyAsync(u => u.ExternalKey == key, cancellationToken))
        {
            return new CreateLocalUserResult(CreateLocalUserError.UserNameTaken);
        }

        var now = clock.GetUtcNow();
        var user = new User
        {
            Id = Guid.NewGuid(),
            ExternalKey = key,
            UserPrincipalName = userName,
            DisplayName = string.IsNullOrWhiteSpace(newUser.DisplayName) ? userName : newUser.DisplayName.Trim(),
            Email = string.IsNullOrWhiteSpace(newUser.Email) ? null : newUser.Email.Trim(),
            CreatedAt = now,
        };
        db.Set<User>().Add(user);
        db.Set<LocalCredential>().Add(new LocalCredential
        {
            UserId = user.Id,
            PasswordHash = hasher.Hash(password),
            IsAdmin = newUser.IsAdmin,
            PasswordChangedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        LogCreated(logger, user.Id, userName, newUser.IsAdmin);
        await audit.RecordAsync(
            new AuditEvent
            {
                EventType = AuditEventTypes.LocalUserCreated,
                TargetUserId = user.Id,
                Target = "user:" + user.Id,
                Details = newUser.IsAdmin ? """{"admin":true}""" : """{"admin":false}""",
            },
            cancellationToken);
        return new CreateLocalUserResult(CreateLocalUserError.None, user);
    }

    public async Task<IReadOnlyList<LocalUserSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rows = await (from u in db.Set<User>().AsNoTracking()
                          join c in db.Set<LocalCredential>() on u.Id equals c.UserId
                          select new LocalUserSummary(u.Id, u.UserPrincipalName, u.DisplayName, u.Email, c.IsAdmin, u.CreatedAt, u.LastSignInAt))
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.UserName, StringComparer.OrdinalIgnoreCase)];
    }

    public async Task<bool> SetAdminAsync(string userName, bool isAdmin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        if (!LocalUserNames.IsValid(userName))
        {
            return false;
        }

        var key = LocalUserNames.ExternalKey(userName);
        var found = await (from u in db.Set<User>()
                           join c in db.Set<LocalCredential>() on u.Id equals c.UserId
                           where u.ExternalKey == key
                           select new { u.Id, Credential = c }).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return false;
        }

        var changed = found.Credential.IsAdmin != isAdmin;
        found.Credential.IsAdmin = isAdmin;
        await db.SaveChangesAsync(cancellationToken);
        // A role change ends the user's sessions; the role itself is read from the database on every request anyway.
        var ended = changed ? await sessions.RevokeAllAsync(found.Id, cancellationToken) : 0;
        LogAdminChanged(logger, found.Id, isAdmin, ended);
        await audit.RecordAsync(
            new AuditEvent
            {
                EventType = AuditEventTypes.LocalUserAdminChanged,
                TargetUserId = found.Id,
                Target = "user:" + found.Id,
                Details = JsonSerializer.Serialize(new { admin = isAdmin, sessions = ended }),
            },
            cancellationToken);
        return true;
    }

    [LoggerMessage(EventId = SecurityEventIds.LocalUserCreated, EventName = nameof(SecurityEventIds.LocalUserCreated), Level = LogLevel.Information, Message = "Local user {UserId} ({UserName}) created, admin: {IsAdmin}")]
    private static partial void LogCreated(ILogger logger, Guid userId, string userName, bool isAdmin);

    [LoggerMessage(EventId = SecurityEventIds.LocalUserAdminChanged, EventName = nameof(SecurityEventIds.LocalUserAdminChanged), Level = LogLevel.Information, Message = "Local user {UserId} admin set to {IsAdmin}, {Sessions} sessions ended")]
    private static partial void LogAdminChanged(ILogger logger, Guid userId, bool isAdmin, int sessions);
}

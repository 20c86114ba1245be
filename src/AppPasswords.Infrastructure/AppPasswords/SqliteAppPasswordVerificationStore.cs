using System.Collections.Concurrent;
using System.Data;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using AppPasswords.Core.Policy;
using Microsoft.Extensions.Options;

namespace AppPasswords.Infrastructure.AppPasswords;

/// <summary>
/// The verify API's reads and writes on SQLite in plain ADO.NET: one prepared statement answers the password by
/// lookup tag, its owner's names, the owner's block and the organisation policy (see docs/performance.md). Commands
/// are prepared once per connection and connections are kept open in <see cref="SqliteVerificationConnections"/>,
/// so a request neither opens a connection nor compiles SQL nor rents a DbContext. Nothing is cached: every read
/// is a new SQLite read transaction and sees every committed change.
/// </summary>
internal sealed class SqliteAppPasswordVerificationStore(SqliteVerificationConnections connections, IOptionsMonitor<AppPasswordPolicyOptions> defaults)
    : IAppPasswordVerificationStore
{
    public Task<AppPasswordVerificationSnapshot> FindForVerificationAsync(byte[] lookupTag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lookupTag);
        cancellationToken.ThrowIfCancellationRequested();

        // Microsoft.Data.Sqlite has no asynchronous I/O (its Async methods run synchronously), so the synchronous
        // calls cost the same without a Task per call.
        var lease = connections.Rent();
        AppPasswordVerificationSnapshot snapshot;
        try
        {
            var command = lease.Find;
            command.Parameters[0].Value = lookupTag;
            using var reader = command.ExecuteReader(CommandBehavior.SingleRow);
            if (!reader.Read())
            {
                throw new InvalidOperationException("The verification query returned no row.");
            }

            snapshot = new AppPasswordVerificationSnapshot(ReadCandidate(reader, lookupTag), reader.GetBoolean(Blocked), ReadPolicy(reader));
        }
        catch
        {
            lease.Dispose();
            throw;
        }

        // Only after the reader is closed: the next renter runs the same command.
        connections.Return(lease);
        return Task.FromResult(snapshot);
    }

    public Task<bool> RecordUseAsync(Guid appPasswordId, DateTimeOffset now, AppPasswordProtocols protocol, string? ipAddress, DateTimeOffset notUsedSince, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var lease = connections.Rent();
        bool recorded;
        try
        {
            var command = lease.RecordUse;
            command.Parameters[0].Value = appPasswordId;
            command.Parameters[1].Value = now.UtcTicks;
            command.Parameters[2].Value = (int)protocol;
            command.Parameters[3].Value = (object?)ipAddress ?? DBNull.Value;
            command.Parameters[4].Value = notUsedSince.UtcTicks;
            recorded = command.ExecuteNonQuery() == 1;
        }
        catch
        {
            lease.Dispose();
            throw;
        }

        connections.Return(lease);
        return Task.FromResult(recorded);
    }

    private const int UserPrincipalName = 14;
    private const int Blocked = 16;
    private const int PolicyEnabled = 17;

    internal const string FindSql = """
        SELECT p."Id", p."UserId", p."Label", p."CreatedAt", p."ExpiresAt", p."RevokedAt", p."RevocationReason",
               p."Protocols", p."LastUsedAt", p."LastUsedProtocol", p."LastUsedIpAddress", p."HashKeyId", p."HashVersion",
               p."Hash", u."UserPrincipalName", u."ExternalKey",
               EXISTS (SELECT 1 FROM "AppPasswordUserBlocks" AS b WHERE b."UserId" = p."UserId"),
               o."AppPasswordsEnabled", o."MaxActivePerUser", o."MaxLifetimeDays", o."AllowedProtocols"
        FROM (SELECT 1) AS one
        LEFT JOIN "AppPasswords" AS p ON p."LookupTag" = @tag
        LEFT JOIN "Users" AS u ON u."Id" = p."UserId"
        LEFT JOIN "OrganizationPolicy" AS o ON o."Id" = 1
        """;

    internal const string RecordUseSql = """
        UPDATE "AppPasswords" SET "LastUsedAt" = @now, "LastUsedProtocol" = @protocol, "LastUsedIpAddress" = @ip
        WHERE "Id" = @id AND ("LastUsedAt" IS NULL OR "LastUsedAt" <= @notUsedSince)
        """;

    private static AppPasswordCandidate? ReadCandidate(SqliteDataReader reader, byte[] lookupTag)
    {
        if (reader.IsDBNull(0) || reader.IsDBNull(UserPrincipalName))
        {
            return null;
        }

        var appPassword = new AppPassword
        {
            Id = reader.GetGuid(0),
            UserId = reader.GetGuid(1),
            Label = reader.GetString(2),
            CreatedAt = Ticks(reader.GetInt64(3)),
            ExpiresAt = reader.IsDBNull(4) ? null : Ticks(reader.GetInt64(4)),
            RevokedAt = reader.IsDBNull(5) ? null : Ticks(reader.GetInt64(5)),
            RevocationReason = reader.IsDBNull(6) ? null : reader.GetString(6),
            Protocols = (AppPasswordProtocols)reader.GetInt32(7),
            LastUsedAt = reader.IsDBNull(8) ? null : Ticks(reader.GetInt64(8)),
            LastUsedProtocol = reader.IsDBNull(9) ? null : (AppPasswordProtocols)reader.GetInt32(9),
            LastUsedIpAddress = reader.IsDBNull(10) ? null : reader.GetString(10),
            HashKeyId = reader.GetString(11),
            HashVersion = reader.GetInt32(12),
            LookupTag = lookupTag,
            Hash = (byte[])reader.GetValue(13),
        };
        return new AppPasswordCandidate(appPassword, reader.GetString(UserPrincipalName), reader.GetString(UserPrincipalName + 1));
    }

    private AppPasswordPolicy ReadPolicy(SqliteDataReader reader) =>
        reader.IsDBNull(PolicyEnabled)
            ? OrganizationPolicy.FromConfiguration(defaults.CurrentValue).ToAppPasswordPolicy()
            : new AppPasswordPolicy(
                reader.GetBoolean(PolicyEnabled),
                reader.GetInt32(PolicyEnabled + 1),
                reader.IsDBNull(PolicyEnabled + 2) ? null : TimeSpan.FromDays(reader.GetInt32(PolicyEnabled + 2)),
                (AppPasswordProtocols)reader.GetInt32(PolicyEnabled + 3));

    private static DateTimeOffset Ticks(long utcTicks) => new(utcTicks, TimeSpan.Zero);
}

/// <summary>
/// Open SQLite connections, each with the verification statements prepared, reused across requests (at most
/// <see cref="MaxIdle"/> kept; more are opened under a burst and closed when returned). Only used when the
/// portal's DbContext is configured for SQLite with a connection string.
/// </summary>
internal sealed class SqliteVerificationConnections : IDisposable
{
    public const int MaxIdle = 16;

    private readonly ConcurrentQueue<Lease> idle = new();
    private readonly string? connectionString;
    private bool disposed;

    public SqliteVerificationConnections(DbContextOptions<AppPasswordsDbContext> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var db = new AppPasswordsDbContext(options);
        connectionString = db.Database.IsSqlite() ? db.Database.GetConnectionString() : null;
    }

    /// <summary>False when the portal does not run on SQLite (or was given a connection object, not a string).</summary>
    public bool IsAvailable => connectionString is not null;

    public Lease Rent()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return idle.TryDequeue(out var lease) ? lease : new Lease(connectionString ?? throw new InvalidOperationException("The portal database is not SQLite."));
    }

    public void Return(Lease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (disposed || idle.Count >= MaxIdle)
        {
            lease.Dispose();
            return;
        }

        idle.Enqueue(lease);
    }

    public void Dispose()
    {
        disposed = true;
        while (idle.TryDequeue(out var lease))
        {
            lease.Dispose();
        }
    }

    /// <summary>One open connection and its prepared statements; used by one request at a time.</summary>
    internal sealed class Lease : IDisposable
    {
        private readonly SqliteConnection connection;

        public Lease(string connectionString)
        {
            connection = new SqliteConnection(connectionString);
            connection.Open();
            Find = Prepare(SqliteAppPasswordVerificationStore.FindSql, ("@tag", SqliteType.Blob));
            RecordUse = Prepare(
                SqliteAppPasswordVerificationStore.RecordUseSql,
                ("@id", SqliteType.Text), ("@now", SqliteType.Integer), ("@protocol", SqliteType.Integer), ("@ip", SqliteType.Text), ("@notUsedSince", SqliteType.Integer));
        }

        public SqliteCommand Find { get; }

        public SqliteCommand RecordUse { get; }

        public void Dispose()
        {
            Find.Dispose();
            RecordUse.Dispose();
            connection.Dispose();
        }

        private SqliteCommand Prepare(string sql, params (string Name, SqliteType Type)[] parameters)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, type) in parameters)
            {
                command.Parameters.Add(name, type);
            }

            command.Prepare();
            return command;
        }
    }
}

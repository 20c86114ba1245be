using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Policy;
using AppPasswords.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SQLitePCL;

namespace AppPasswords.Infrastructure.AppPasswords;

/// <summary>
/// The verify API's reads and writes on SQLite without EF: one prepared statement (run and read through SQLitePCLRaw)
/// answers the password by lookup tag, its owner's names, the owner's block and the organisation policy (see
/// docs/performance.md); the rare last-used write is a Microsoft.Data.Sqlite command. Statements are prepared once per
/// connection and connections are kept open in <see cref="SqliteVerificationConnections"/>,
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
        return Task.FromResult(connections.Use(lease => lease.Find(lookupTag, (statement, tag) =>
            new AppPasswordVerificationSnapshot(ReadCandidate(statement, tag), raw.sqlite3_column_int(statement, Blocked) != 0, ReadPolicy(statement)))));
    }

    public Task<bool> RecordUseAsync(Guid appPasswordId, DateTimeOffset now, AppPasswordProtocols protocol, string? ipAddress, DateTimeOffset notUsedSince, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(connections.Use(lease =>
        {
            var command = lease.RecordUse;
            command.Parameters[0].Value = appPasswordId;
            command.Parameters[1].Value = now.UtcTicks;
            command.Parameters[2].Value = (int)protocol;
            command.Parameters[3].Value = (object?)ipAddress ?? DBNull.Value;
            command.Parameters[4].Value = notUsedSince.UtcTicks;
            return command.ExecuteNonQuery() == 1;
        }));
    }

    private const int UserPrincipalName = 14;
    private const int Blocked = 16;
    private const int PolicyEnabled = 17;

    /// <summary>The store's statements (SQLite only: SQL Server verifies through <see cref="EfAppPasswordVerificationStore"/>).</summary>
    internal static class SqliteSql
    {
        public const string Find = """
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

        public const string RecordUse = """
            UPDATE "AppPasswords" SET "LastUsedAt" = @now, "LastUsedProtocol" = @protocol, "LastUsedIpAddress" = @ip
            WHERE "Id" = @id AND ("LastUsedAt" IS NULL OR "LastUsedAt" <= @notUsedSince)
            """;
    }

    // Columns are read straight from the prepared statement (SQLitePCLRaw): through SqliteDataReader the 21 columns
    // cost more than running the statement itself (docs/performance.md).
    private static AppPasswordCandidate? ReadCandidate(sqlite3_stmt statement, byte[] lookupTag)
    {
        if (IsNull(statement, 0) || IsNull(statement, UserPrincipalName))
        {
            return null;
        }

        var appPassword = new AppPassword
        {
            Id = ReadGuid(statement, 0),
            UserId = ReadGuid(statement, 1),
            Label = ReadString(statement, 2)!,
            CreatedAt = Ticks(raw.sqlite3_column_int64(statement, 3)),
            ExpiresAt = IsNull(statement, 4) ? null : Ticks(raw.sqlite3_column_int64(statement, 4)),
            RevokedAt = IsNull(statement, 5) ? null : Ticks(raw.sqlite3_column_int64(statement, 5)),
            RevocationReason = ReadString(statement, 6),
            Protocols = (AppPasswordProtocols)raw.sqlite3_column_int(statement, 7),
            LastUsedAt = IsNull(statement, 8) ? null : Ticks(raw.sqlite3_column_int64(statement, 8)),
            LastUsedProtocol = IsNull(statement, 9) ? null : (AppPasswordProtocols)raw.sqlite3_column_int(statement, 9),
            LastUsedIpAddress = ReadString(statement, 10),
            HashKeyId = ReadString(statement, 11)!,
            HashVersion = raw.sqlite3_column_int(statement, 12),
            LookupTag = lookupTag,
            Hash = raw.sqlite3_column_blob(statement, 13).ToArray(),
        };
        return new AppPasswordCandidate(appPassword, ReadString(statement, UserPrincipalName)!, ReadString(statement, UserPrincipalName + 1)!);
    }

    private AppPasswordPolicy ReadPolicy(sqlite3_stmt statement) =>
        IsNull(statement, PolicyEnabled)
            ? OrganizationPolicy.FromConfiguration(defaults.CurrentValue).ToAppPasswordPolicy()
            : new AppPasswordPolicy(
                raw.sqlite3_column_int(statement, PolicyEnabled) != 0,
                raw.sqlite3_column_int(statement, PolicyEnabled + 1),
                IsNull(statement, PolicyEnabled + 2) ? null : TimeSpan.FromDays(raw.sqlite3_column_int(statement, PolicyEnabled + 2)),
                (AppPasswordProtocols)raw.sqlite3_column_int(statement, PolicyEnabled + 3));

    private static bool IsNull(sqlite3_stmt statement, int column) => raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL;

    private static string? ReadString(sqlite3_stmt statement, int column) =>
        IsNull(statement, column) ? null : raw.sqlite3_column_text(statement, column).utf8_to_string();

    /// <summary>EF Core stores a Guid as TEXT on SQLite; a 16-byte BLOB is accepted too, as Microsoft.Data.Sqlite does.</summary>
    private static Guid ReadGuid(sqlite3_stmt statement, int column)
    {
        var bytes = raw.sqlite3_column_blob(statement, column);
        if (raw.sqlite3_column_type(statement, column) == raw.SQLITE_BLOB && bytes.Length == 16)
        {
            return new Guid(bytes);
        }

        return Utf8Parser.TryParse(bytes, out Guid value, out var consumed) && consumed == bytes.Length
            ? value
            : Guid.Parse(Encoding.UTF8.GetString(bytes), CultureInfo.InvariantCulture);
    }

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

    /// <summary>
    /// Runs <paramref name="work"/> on a pooled connection. The connection goes back to the pool only after the work
    /// is done (its statements are then free for the next caller); a connection whose work failed is closed instead.
    /// </summary>
    public T Use<T>(Func<Lease, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var lease = Rent();
        T result;
        try
        {
            result = work(lease);
        }
        catch
        {
            lease.Dispose();
            throw;
        }

        Return(lease);
        return result;
    }

    private Lease Rent()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return idle.TryDequeue(out var lease) ? lease : new Lease(connectionString ?? throw new InvalidOperationException("The portal database is not SQLite."));
    }

    private void Return(Lease lease)
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
            // Microsoft.Data.Sqlite retries a busy database in its own loop; the raw statement gets SQLite's busy handler
            // with the same limit instead.
            Check(raw.sqlite3_busy_timeout(connection.Handle, connection.DefaultTimeout * 1000));
            Check(raw.sqlite3_prepare_v3(connection.Handle, SqliteAppPasswordVerificationStore.SqliteSql.Find, raw.SQLITE_PREPARE_PERSISTENT, out find));
            RecordUse = Prepare(
                SqliteAppPasswordVerificationStore.SqliteSql.RecordUse,
                ("@id", SqliteType.Text), ("@now", SqliteType.Integer), ("@protocol", SqliteType.Integer), ("@ip", SqliteType.Text), ("@notUsedSince", SqliteType.Integer));
        }

        private readonly sqlite3_stmt find;

        public SqliteCommand RecordUse { get; }

        /// <summary>
        /// Runs the verification statement for <paramref name="lookupTag"/> and reads its one row with
        /// <paramref name="read"/>. Stepping the statement begins SQLite's read transaction and resetting it ends it, so
        /// every call sees every change committed before it.
        /// </summary>
        public T Find<T>(byte[] lookupTag, Func<sqlite3_stmt, byte[], T> read)
        {
            try
            {
                Check(raw.sqlite3_bind_blob(find, 1, lookupTag));
                var rc = raw.sqlite3_step(find);
                if (rc != raw.SQLITE_ROW)
                {
                    Check(rc);
                    throw new InvalidOperationException("The verification query returned no row.");
                }

                return read(find, lookupTag);
            }
            finally
            {
                raw.sqlite3_reset(find);
            }
        }

        public void Dispose()
        {
            find.Dispose();
            RecordUse.Dispose();
            connection.Dispose();
        }

        private void Check(int rc)
        {
            if (rc is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE))
            {
                SqliteException.ThrowExceptionForRC(rc, connection.Handle);
            }
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

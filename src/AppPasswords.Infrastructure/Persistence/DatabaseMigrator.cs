using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AppPasswords.Infrastructure.Persistence;

/// <summary>Applies pending migrations at start-up and tunes SQLite for concurrent web use.</summary>
public static partial class DatabaseMigrator
{
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrator));
        var db = scope.ServiceProvider.GetRequiredService<AppPasswordsDbContext>();

        // Without start-up migration the database is someone else's job (a deployment step), and the portal
        // must start even when it is unreachable: /health/ready reports that instead.
        if (!options.MigrateOnStartup)
        {
            return;
        }

        if (db.Database.IsSqlite())
        {
            // WAL lets readers proceed while a writer commits; it is a property of the file and persists.
            await db.Database.ExecuteSqlRawAsync(SqliteSql.WalMode, cancellationToken);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            LogApplying(logger, pending.Count, db.Database.ProviderName ?? "unknown");
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    /// <summary>The SQLite file path of the current connection, or null for another provider.</summary>
    public static string? SqliteFilePath(this AppPasswordsDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.IsSqlite()
            ? new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource
            : null;
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Applying {Count} database migration(s) on {Provider}")]
    private static partial void LogApplying(ILogger logger, int count, string provider);

    /// <summary>SQLite only: SQL Server needs no set-up statement before migrating.</summary>
    private static class SqliteSql
    {
        public const string WalMode = "PRAGMA journal_mode=WAL;";
    }
}

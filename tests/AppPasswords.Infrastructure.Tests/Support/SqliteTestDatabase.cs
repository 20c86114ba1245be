using AppPasswords.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.Tests.Support;

/// <summary>A real, migrated SQLite file in a temporary folder; each <see cref="CreateContext"/> is a new connection.</summary>
public sealed class SqliteTestDatabase : IAsyncDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("apppasswords-infra-");

    private SqliteTestDatabase()
    {
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder.FullName, "test.db"), Pooling = false }.ToString();
    }

    public string ConnectionString { get; }

    public static async Task<SqliteTestDatabase> CreateAsync()
    {
        var database = new SqliteTestDatabase();
        await using var db = database.CreateContext();
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        return database;
    }

    public AppPasswordsDbContext CreateContext()
    {
        var builder = new DbContextOptionsBuilder<AppPasswordsDbContext>();
        DatabaseRegistration.UseSqlite(builder, ConnectionString);
        return new AppPasswordsDbContext(builder.Options);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        folder.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}

using AppPasswords.Infrastructure.Persistence;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.Tests.Persistence;

/// <summary>
/// Migrates a real SQL Server database when <c>APPPASSWORDS_TEST_SQLSERVER</c> holds a connection string
/// (e.g. docker-compose's sqlserver service); skipped with the reason otherwise. Each test uses its own
/// throw-away database, dropped afterwards.
/// </summary>
public class SqlServerIntegrationTests
{
    public const string EnvironmentVariable = "APPPASSWORDS_TEST_SQLSERVER";

    [Fact]
    public async Task Migrate_EmptyDatabase_AppliesEveryMigrationAndIsRepeatable()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = ThrowAwayDatabase();
        await using var db = Create(connectionString);
        try
        {
            await db.Database.MigrateAsync(ct);
            await db.Database.MigrateAsync(ct);

            Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(ct));
            Assert.True(await db.Database.CanConnectAsync(ct));
        }
        finally
        {
            await db.Database.EnsureDeletedAsync(ct);
        }
    }

    private static AppPasswordsDbContext Create(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<AppPasswordsDbContext>();
        DatabaseRegistration.UseSqlServer(builder, connectionString);
        return new AppPasswordsDbContext(builder.Options);
    }

    private static string ThrowAwayDatabase()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(configured))
        {
            Assert.Skip($"{EnvironmentVariable} is not set: no SQL Server on this machine");
        }

        return new SqlConnectionStringBuilder(configured)
        {
            InitialCatalog = "AppPasswordsTest_" + Guid.NewGuid().ToString("N"),
        }.ConnectionString;
    }
}

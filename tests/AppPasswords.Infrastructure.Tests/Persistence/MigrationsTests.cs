using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.Tests.Persistence;

public class MigrationsTests
{
    [Fact]
    public void Sqlite_Model_HasNoPendingChanges()
    {
        var builder = new DbContextOptionsBuilder<AppPasswordsDbContext>();
        DatabaseRegistration.UseSqlite(builder, "Data Source=:memory:");
        using var db = new AppPasswordsDbContext(builder.Options);

        Assert.False(db.Database.HasPendingModelChanges(), "Run build/add-migration.sh: the SQLite migrations lag behind the model.");
    }

    [Fact]
    public void SqlServer_Model_HasNoPendingChanges()
    {
        var builder = new DbContextOptionsBuilder<AppPasswordsDbContext>();
        DatabaseRegistration.UseSqlServer(builder, "Server=unused;Database=unused;TrustServerCertificate=True");
        using var db = new AppPasswordsDbContext(builder.Options);

        Assert.False(db.Database.HasPendingModelChanges(), "Run build/add-migration.sh: the SQL Server migrations lag behind the model.");
    }

    [Fact]
    public async Task Sqlite_Migrate_CreatesFileAndAppliesEveryMigration()
    {
        var folder = Directory.CreateTempSubdirectory("apppasswords-migrate-");
        try
        {
            var path = Path.Combine(folder.FullName, "nested", "portal.db");
            var builder = new DbContextOptionsBuilder<AppPasswordsDbContext>();
            DatabaseRegistration.UseSqlite(builder, $"Data Source={path};Pooling=False");
            await using var db = new AppPasswordsDbContext(builder.Options);

            await db.Database.MigrateAsync(TestContext.Current.CancellationToken);

            Assert.True(File.Exists(path));
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AppPasswords.Migrations.Sqlite;

/// <summary>Used by <c>dotnet ef</c> to build the model for the Sqlite migrations; never connects.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppPasswordsDbContext>
{
    public AppPasswordsDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<AppPasswordsDbContext>();
        DatabaseRegistration.UseSqlite(builder, "Data Source=design-time.db");
        return new AppPasswordsDbContext(builder.Options);
    }
}

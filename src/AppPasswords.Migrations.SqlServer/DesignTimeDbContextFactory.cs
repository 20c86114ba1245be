using AppPasswords.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AppPasswords.Migrations.SqlServer;

/// <summary>Used by <c>dotnet ef</c> to build the model for the SqlServer migrations; never connects.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppPasswordsDbContext>
{
    public AppPasswordsDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<AppPasswordsDbContext>();
        DatabaseRegistration.UseSqlServer(builder, "Server=localhost;Database=AppPasswords;Trusted_Connection=True;TrustServerCertificate=True");
        return new AppPasswordsDbContext(builder.Options);
    }
}

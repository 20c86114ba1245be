using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AppPasswords.Infrastructure.Persistence;

/// <summary>
/// The one DbContext of the portal, shared by SQLite and SQL Server. Entity mappings live in
/// <c>Configurations/</c>, one <see cref="IEntityTypeConfiguration{TEntity}"/> per entity; use
/// <c>Set&lt;T&gt;()</c> rather than adding DbSet properties for every feature.
/// </summary>
public class AppPasswordsDbContext(DbContextOptions<AppPasswordsDbContext> options)
    : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppPasswordsDbContext).Assembly);
        IndexHints.Register(modelBuilder, Database.IsSqlite());
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // SQLite cannot order or compare DateTimeOffset; store UTC ticks-based values as binary-comparable longs there.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
        }
    }
}

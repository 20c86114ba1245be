using AppPasswords.Core.AppPasswords;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AppPasswords.Infrastructure.Persistence.Configurations;

/// <summary>
/// Indexes the admin inventory needs (chosen from EXPLAIN QUERY PLAN at a million rows, see docs/performance.md):
/// one per keyset sort, (key, Id), so a page is an index range scan in order, one on Label for prefix search
/// and one on RevokedAt for the dashboard.
/// Kept apart from <see cref="AppPasswordConfiguration"/> so the verify path's mapping stays readable.
/// </summary>
internal sealed class AdminInventoryIndexes : IEntityTypeConfiguration<AppPassword>
{
    public void Configure(EntityTypeBuilder<AppPassword> builder)
    {
        builder.HasIndex(p => new { p.CreatedAt, p.Id }).HasDatabaseName("IX_AppPasswords_Admin_Created");
        builder.HasIndex(p => new { p.LastUsedAt, p.Id }).HasDatabaseName("IX_AppPasswords_Admin_LastUsed");
        builder.HasIndex(p => new { p.ExpiresAt, p.Id }).HasDatabaseName("IX_AppPasswords_Admin_Expiry");
        builder.HasIndex(p => p.Label).HasDatabaseName("IX_AppPasswords_Admin_Label");

        // The dashboard's "revoked this week" (a range count instead of a scan of every row).
        builder.HasIndex(p => p.RevokedAt).HasDatabaseName("IX_AppPasswords_Admin_Revoked");
    }
}

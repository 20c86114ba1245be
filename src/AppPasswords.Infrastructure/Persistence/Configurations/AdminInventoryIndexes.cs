using AppPasswords.Core.AppPasswords;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AppPasswords.Infrastructure.Persistence.Configurations;

/// <summary>
/// Indexes the admin inventory needs (chosen from EXPLAIN QUERY PLAN at a million rows, see docs/performance.md):
/// one per keyset sort, (key, Id, then every column a filter reads), so a page is an index range scan in order
/// that tests the filters on the index entries and reads the table only for the rows it returns; the same for the
/// label prefix search (and <see cref="AppPasswordConfiguration"/> widens the per-user index for the user sort),
/// and one on RevokedAt for the dashboard.
/// Kept apart from <see cref="AppPasswordConfiguration"/> so the verify path's mapping stays readable.
/// </summary>
internal sealed class AdminInventoryIndexes : IEntityTypeConfiguration<AppPassword>
{
    public void Configure(EntityTypeBuilder<AppPassword> builder)
    {
        builder.HasIndex(p => new { p.CreatedAt, p.Id, p.Label, p.LastUsedAt, p.ExpiresAt, p.RevokedAt, p.UserId }).HasDatabaseName("IX_AppPasswords_Admin_Created");
        builder.HasIndex(p => new { p.LastUsedAt, p.Id, p.Label, p.CreatedAt, p.ExpiresAt, p.RevokedAt, p.UserId }).HasDatabaseName("IX_AppPasswords_Admin_LastUsed");
        builder.HasIndex(p => new { p.ExpiresAt, p.Id, p.Label, p.CreatedAt, p.LastUsedAt, p.RevokedAt, p.UserId }).HasDatabaseName("IX_AppPasswords_Admin_Expiry");
        builder.HasIndex(p => new { p.Label, p.Id, p.CreatedAt, p.LastUsedAt, p.ExpiresAt, p.RevokedAt, p.UserId }).HasDatabaseName("IX_AppPasswords_Admin_Label");

        // The dashboard's "revoked this week" (a range count instead of a scan of every row).
        builder.HasIndex(p => p.RevokedAt).HasDatabaseName("IX_AppPasswords_Admin_Revoked");
    }
}

using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.AppPasswords;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AppPasswords.Infrastructure.Persistence.Configurations;

internal sealed class AppPasswordConfiguration : IEntityTypeConfiguration<AppPassword>
{
    public void Configure(EntityTypeBuilder<AppPassword> builder)
    {
        builder.ToTable("AppPasswords");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Label).HasMaxLength(IssueAppPasswordCommand.MaxLabelLength).IsRequired();
        builder.Property(p => p.RevocationReason).HasMaxLength(32);
        builder.Property(p => p.LastUsedIpAddress).HasMaxLength(64);
        builder.Property(p => p.HashKeyId).HasMaxLength(32).IsRequired();
        builder.Property(p => p.LookupTag).HasMaxLength(16).IsRequired();
        builder.Property(p => p.Hash).HasMaxLength(32).IsRequired();
        builder.HasIndex(p => p.LookupTag).IsUnique();
        // (UserId, CreatedAt) for a user's own list; the other columns let the admin inventory's user sort test its
        // filters on the index entry instead of reading every password row (see AdminInventoryIndexes).
        builder.HasIndex(p => new { p.UserId, p.CreatedAt, p.Id, p.Label, p.LastUsedAt, p.ExpiresAt, p.RevokedAt }).HasDatabaseName("IX_AppPasswords_UserId_CreatedAt");
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(p => p.IsRevoked);
    }
}

internal sealed class AppPasswordUserLockConfiguration : IEntityTypeConfiguration<AppPasswordUserLock>
{
    public void Configure(EntityTypeBuilder<AppPasswordUserLock> builder)
    {
        builder.ToTable("AppPasswordUserLocks");
        builder.HasKey(l => l.UserId);
        builder.HasOne<User>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

using AppPasswords.Core.Contacts;
using AppPasswords.Core.Mfa;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AppPasswords.Infrastructure.Persistence.Configurations;

internal sealed class MfaMethodConfiguration : IEntityTypeConfiguration<MfaMethod>
{
    public void Configure(EntityTypeBuilder<MfaMethod> builder)
    {
        builder.ToTable("MfaMethods");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.ProtectedSeed).HasMaxLength(1024);
        builder.Property(m => m.PhoneNumber).HasMaxLength(16);
        builder.Ignore(m => m.IsActive);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.UserId, m.Type });
    }
}

internal sealed class ContactMethodConfiguration : IEntityTypeConfiguration<ContactMethod>
{
    public void Configure(EntityTypeBuilder<ContactMethod> builder)
    {
        builder.ToTable("ContactMethods");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Value).HasMaxLength(EmailAddresses.MaxLength).IsRequired();
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.UserId, c.Type, c.Value }).IsUnique();
    }
}

internal sealed class PendingVerificationConfiguration : IEntityTypeConfiguration<PendingVerification>
{
    public void Configure(EntityTypeBuilder<PendingVerification> builder)
    {
        builder.ToTable("PendingVerifications");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.Purpose).HasConversion<string>().HasMaxLength(32);
        builder.Property(v => v.Target).HasMaxLength(EmailAddresses.MaxLength).IsRequired();
        builder.Property(v => v.CodeSalt).HasMaxLength(32).IsRequired();
        builder.Property(v => v.CodeHash).HasMaxLength(32).IsRequired();
        builder.HasOne<User>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.UserId, v.Purpose, v.CreatedAt });
        builder.HasIndex(v => new { v.UserId, v.CreatedAt });
        builder.HasIndex(v => new { v.Target, v.CreatedAt });
    }
}

internal sealed class MfaSkipConfiguration : IEntityTypeConfiguration<MfaSkip>
{
    public void Configure(EntityTypeBuilder<MfaSkip> builder)
    {
        builder.ToTable("MfaSkips");
        builder.HasKey(s => s.UserId);
        builder.HasOne<User>().WithOne().HasForeignKey<MfaSkip>(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SecondFactorFailuresConfiguration : IEntityTypeConfiguration<SecondFactorFailures>
{
    public void Configure(EntityTypeBuilder<SecondFactorFailures> builder)
    {
        builder.ToTable("SecondFactorFailures");
        builder.HasKey(f => f.UserId);
        builder.HasOne<User>().WithOne().HasForeignKey<SecondFactorFailures>(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("DevelopmentOutbox");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Channel).HasMaxLength(8).IsRequired();
        builder.Property(m => m.Recipient).HasMaxLength(EmailAddresses.MaxLength).IsRequired();
        builder.Property(m => m.Subject).HasMaxLength(256);
        builder.Property(m => m.Body).HasMaxLength(8000).IsRequired();
        builder.HasIndex(m => m.CreatedAt);
    }
}

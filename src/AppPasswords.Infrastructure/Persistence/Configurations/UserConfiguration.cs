using AppPasswords.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AppPasswords.Infrastructure.Persistence.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("Users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.ExternalKey).HasMaxLength(200).IsRequired();
        builder.HasIndex(u => u.ExternalKey).IsUnique();
        builder.Property(u => u.UserPrincipalName).HasMaxLength(256).IsRequired();
        builder.HasIndex(u => u.UserPrincipalName);
        builder.Property(u => u.DisplayName).HasMaxLength(256).IsRequired();
        builder.Property(u => u.Email).HasMaxLength(256);
    }
}

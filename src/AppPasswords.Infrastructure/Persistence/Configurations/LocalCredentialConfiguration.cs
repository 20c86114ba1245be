using AppPasswords.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AppPasswords.Infrastructure.Persistence.Configurations;

internal sealed class LocalCredentialConfiguration : IEntityTypeConfiguration<LocalCredential>
{
    public void Configure(EntityTypeBuilder<LocalCredential> builder)
    {
        builder.ToTable("LocalCredentials");
        builder.HasKey(c => c.UserId);
        builder.Property(c => c.PasswordHash).HasMaxLength(128).IsRequired();
        builder.HasOne<User>().WithOne().HasForeignKey<LocalCredential>(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

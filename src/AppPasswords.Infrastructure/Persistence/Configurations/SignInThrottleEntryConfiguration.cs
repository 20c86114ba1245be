using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AppPasswords.Infrastructure.Persistence.Configurations;

internal sealed class SignInThrottleEntryConfiguration : IEntityTypeConfiguration<SignInThrottleEntry>
{
    public void Configure(EntityTypeBuilder<SignInThrottleEntry> builder)
    {
        builder.ToTable(DatabaseSignInThrottle.Table);
        builder.HasKey(e => e.Key);
        builder.Property(e => e.Key).HasMaxLength(DatabaseSignInThrottle.MaxKeyLength).IsUnicode(false);
        builder.HasIndex(e => e.LastFailureTicks);
        builder.HasIndex(e => e.UserId);
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

using AppPasswords.Core.Policy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AppPasswords.Infrastructure.Persistence.Configurations;

internal sealed class OrganizationPolicyConfiguration : IEntityTypeConfiguration<OrganizationPolicy>
{
    public void Configure(EntityTypeBuilder<OrganizationPolicy> builder)
    {
        builder.ToTable("OrganizationPolicy", t => t.HasCheckConstraint("CK_OrganizationPolicy_Singleton", "Id = 1"));
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
    }
}

internal sealed class AppPasswordUserBlockConfiguration : IEntityTypeConfiguration<AppPasswordUserBlock>
{
    public void Configure(EntityTypeBuilder<AppPasswordUserBlock> builder)
    {
        builder.ToTable("AppPasswordUserBlocks");
        builder.HasKey(b => b.UserId);
        builder.HasOne<global::AppPasswords.Core.Users.User>().WithMany().HasForeignKey(b => b.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

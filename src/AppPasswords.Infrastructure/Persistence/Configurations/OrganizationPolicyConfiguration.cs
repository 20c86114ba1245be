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
        builder.Property(p => p.AllowedProtocols).HasMaxLength(64).IsRequired();
        builder.Ignore(p => p.AllowedProtocolList);
    }
}

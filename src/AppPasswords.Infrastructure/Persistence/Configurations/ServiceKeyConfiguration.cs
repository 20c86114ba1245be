using AppPasswords.Core.ServiceKeys;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AppPasswords.Infrastructure.Persistence.Configurations;

internal sealed class ServiceKeyConfiguration : IEntityTypeConfiguration<ServiceKey>
{
    public void Configure(EntityTypeBuilder<ServiceKey> builder)
    {
        builder.ToTable("ServiceKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Label).HasMaxLength(CreateServiceKeyCommand.MaxLabelLength).IsRequired();
        builder.Property(k => k.Prefix).HasMaxLength(ServiceKeyFormat.PrefixLength).IsRequired();
        builder.HasIndex(k => k.Prefix).IsUnique();
        builder.Property(k => k.HashKeyId).HasMaxLength(32).IsRequired();
        builder.Property(k => k.Hash).HasMaxLength(32).IsRequired();
        builder.Ignore(k => k.IsRevoked);
    }
}

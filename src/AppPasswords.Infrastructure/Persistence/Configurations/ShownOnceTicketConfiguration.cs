using AppPasswords.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AppPasswords.Infrastructure.Persistence.Configurations;

internal sealed class ShownOnceTicketConfiguration : IEntityTypeConfiguration<ShownOnceTicket>
{
    public void Configure(EntityTypeBuilder<ShownOnceTicket> builder)
    {
        builder.ToTable("ShownOnceTickets");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasMaxLength(32).IsFixedLength().ValueGeneratedNever();
        builder.Property(t => t.ProtectedPayload).HasMaxLength(4000).IsRequired();
        builder.HasIndex(t => t.ExpiresAt);
    }
}

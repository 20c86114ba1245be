using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AppPasswords.Infrastructure.Persistence;

/// <summary>Stores a <see cref="DateTimeOffset"/> as UTC ticks so SQLite can index, order and compare it.</summary>
public sealed class DateTimeOffsetToUtcTicksConverter()
    : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

using AppPasswords.Core.Mfa;

namespace AppPasswords.Infrastructure.Tests.Mfa;

public class MfaSkipServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SkipAsync_SkippingDisabled_Refused()
    {
        await using var bed = await MfaTestBed.CreateAsync();
        var user = await bed.AddUserAsync();

        Assert.False(await Skip(bed, user));
        Assert.Equal(new MfaSkipStatus(false, 0, false), await Status(bed, user));
    }

    [Fact]
    public async Task SkipAsync_ThreeDayWindow_SkipsForADayAndCountsDaysDownToNone()
    {
        await using var bed = await MfaTestBed.CreateAsync(("Mfa:AllowSkipDays", "3"));
        var user = await bed.AddUserAsync();
        Assert.Equal(new MfaSkipStatus(true, 3, false), await Status(bed, user));

        Assert.True(await Skip(bed, user));
        Assert.Equal(new MfaSkipStatus(true, 3, true), await Status(bed, user));

        bed.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(new MfaSkipStatus(true, 2, false), await Status(bed, user));
        Assert.True(await Skip(bed, user));

        bed.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(new MfaSkipStatus(false, 0, false), await Status(bed, user));
        Assert.False(await Skip(bed, user));
    }

    private static Task<bool> Skip(MfaTestBed bed, Guid user) => bed.WithAsync<IMfaSkipService, bool>(s => s.SkipAsync(user, Ct));

    private static Task<MfaSkipStatus> Status(MfaTestBed bed, Guid user) => bed.WithAsync<IMfaSkipService, MfaSkipStatus>(s => s.GetStatusAsync(user, Ct));
}

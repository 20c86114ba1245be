using AppPasswords.Core.Auth;

namespace AppPasswords.Core.Tests.Auth;

public class LocalPasswordPolicyTests
{
    [Fact]
    public void CommonPasswordList_ShipsThousandsOfEntries()
    {
        Assert.True(CommonPasswordList.Default.Count > 10_000);
        Assert.True(CommonPasswordList.Default.Contains("PASSWORD1"));
    }

    [Theory]
    [InlineData(null, PasswordProblem.TooShort)]
    [InlineData("", PasswordProblem.TooShort)]
    [InlineData("Ab3$xyz", PasswordProblem.TooShort)]
    [InlineData("password", PasswordProblem.Common)]
    [InlineData("Qwertyuiop", PasswordProblem.Common)]
    [InlineData("iloveyou", PasswordProblem.Common)]
    [InlineData("alice-smith", PasswordProblem.Common)]
    [InlineData("Blue-Kettle-Orbit-42", PasswordProblem.None)]
    [InlineData("电池马订书钉正确", PasswordProblem.None)]
    public void Check_ClassifiesPasswords(string? password, PasswordProblem expected)
    {
        Assert.Equal(expected, LocalPasswordPolicy.Check(password, "alice-smith"));
    }

    [Fact]
    public void Check_LengthLimits_8To128()
    {
        Assert.Equal(PasswordProblem.None, LocalPasswordPolicy.Check(new string('x', 60) + "Qz7" + new string('y', 65)));
        Assert.Equal(PasswordProblem.TooLong, LocalPasswordPolicy.Check(new string('x', 60) + "Qz7" + new string('y', 66)));
    }
}

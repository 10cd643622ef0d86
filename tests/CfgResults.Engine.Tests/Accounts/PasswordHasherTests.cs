using CfgResults.Engine.Accounts;

namespace CfgResults.Engine.Tests.Accounts;

public sealed class PasswordHasherTests
{
    [Fact]
    public void Hash_HasTheDocumentedFormat_AndASaltPerHash()
    {
        var first = PasswordHasher.Hash("motdepasse-long");
        var second = PasswordHasher.Hash("motdepasse-long");

        var parts = first.Split('$');
        Assert.Equal(["pbkdf2-sha256", PasswordHasher.DefaultIterations.ToString()], parts[..2]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Verify_AcceptsTheRightPassword_AndRefusesAnyOther()
    {
        var stored = PasswordHasher.Hash("motdepasse-long");

        Assert.True(PasswordHasher.Verify("motdepasse-long", stored));
        Assert.False(PasswordHasher.Verify("motdepasse-lonG", stored));
        Assert.False(PasswordHasher.Verify("", stored));
    }

    [Fact]
    public void Verify_AcceptsAnOlderIterationCount_AndAsksForARehash()
    {
        var old = PasswordHasher.Hash("motdepasse-long", iterations: 100_000);

        Assert.True(PasswordHasher.Verify("motdepasse-long", old));
        Assert.True(PasswordHasher.NeedsRehash(old));
        Assert.False(PasswordHasher.NeedsRehash(PasswordHasher.Hash("motdepasse-long")));
    }

    [Theory]
    [InlineData("motdepasse-long")]
    [InlineData("md5$1$abc$def")]
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$210000$pas-base64$pas-base64")]
    public void Verify_Throws_WhenTheStoredValueIsNotAHashWeWouldTrust(string stored)
    {
        var error = Assert.Throws<FormatException>(() => PasswordHasher.Verify("motdepasse-long", stored));

        Assert.Equal(AccountMessages.StoredHashInvalid, error.Message);
    }
}

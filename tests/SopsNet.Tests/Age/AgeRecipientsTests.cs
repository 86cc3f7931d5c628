using SopsNet.Age;
using Xunit;

namespace SopsNet.Tests.Age;

public sealed class AgeRecipientsTests
{
    [Theory]
    [InlineData("age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun", typeof(X25519Recipient))]
    [InlineData("  age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun\n", typeof(X25519Recipient))]
    [InlineData("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAID+Wi8WZw2bXfBpcs/WECttCzP39OkenS6pHWHWGFJvN Test", typeof(SshEd25519Recipient))]
    [InlineData("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAID+Wi8WZw2bXfBpcs/WECttCzP39OkenS6pHWHWGFJvN", typeof(SshEd25519Recipient))]
    public void ParsesSupportedRecipients(string text, Type expected)
    {
        Assert.IsType(expected, AgeRecipients.Parse(text));
    }

    [Theory]
    [InlineData("age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvuu", "malformed recipient")]
    [InlineData("AGE1LZD99UKLCJNC0E7D860AXEVET2CZ99CE9PQ6TZUZD05L5NR28AMS36NVUN", "malformed recipient")]
    [InlineData("age1pq1qqqqqqqqqqqqqqqqqqqqqq", "hybrid post-quantum")]
    [InlineData("age1yubikey1qqqqqqqqqqqqqqqqqqqq", "not a valid age1NAME1… plugin recipient")]
    [InlineData("ssh-ed25519 !!!notbase64", "malformed ssh-ed25519 recipient")]
    [InlineData("ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQ==", "malformed ssh-ed25519 recipient")]
    [InlineData("ssh-dss AAAAB3NzaC1kc3M=", "ssh key type \"ssh-dss\"")]
    [InlineData("ecdsa-sha2-nistp256 AAAA", "cannot be an age recipient")]
    [InlineData("0x1234", "malformed recipient \"0x1234\"")]
    public void RejectsOthersClearly(string text, string expectedPart)
    {
        var ex = Assert.Throws<AgeException>(() => AgeRecipients.Parse(text));

        Assert.Contains(expectedPart, ex.Message);
    }
}

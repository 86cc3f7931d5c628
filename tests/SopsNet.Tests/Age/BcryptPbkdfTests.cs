using System.Text;
using SopsNet.Age;

namespace SopsNet.Tests.Age;

/// <summary>bcrypt_pbkdf against the vectors OpenBSD's reference produced (as kept in golang.org/x/crypto's tests).</summary>
public sealed class BcryptPbkdfTests
{
    [Theory]
    [InlineData("password", "salt", 12, "1ae42c05d487bc02f64921a4ebe4ea93bcacfe135fda99974c06b7b01fae149a")]
    [InlineData("passwordy\0PASSWORD\0", "salty\0SALT\0", 3, "7f310bd3e78c3280c59ce4595211a2928e8d4ec744c1ed2efc9f764e3388e0ad")]
    [InlineData("секретное слово", "посолить немножко", 8,
        "8df43fc6fe131fc47f0c9e39224bd94c70b6fcc8ee8135faddf61156e6cb2733ea765f315a3e1e4afc35bf8687d189254c1e05a6fe80c0617f9183d67260d6a115c6c94e3603e2303fbb43a76a64523ffda686b1d4518543")]
    public void DerivesTheReferenceKeys(string password, string salt, int rounds, string expectedHex)
    {
        var key = BcryptPbkdf.DeriveKey(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(salt), rounds, expectedHex.Length / 2);

        Assert.Equal(expectedHex, Convert.ToHexStringLower(key));
    }

    [Fact]
    public void HashesLikeTheReference()
    {
        var pass = Enumerable.Range(0, 64).Select(i => (byte)i).ToArray();
        var salt = Enumerable.Range(64, 64).Select(i => (byte)i).ToArray();

        var hash = BcryptPbkdf.Hash(pass, salt);

        Assert.Equal("87904870eef9deddf8e7611a140106e6aaf1a363d9a2c504db356443721eb555", Convert.ToHexStringLower(hash));
    }
}

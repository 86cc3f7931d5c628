using System.Text;
using SopsNet.Crypto;

namespace SopsNet.Tests.Core;

public sealed class ValueCipherTests
{
    private static readonly byte[] Key = Enumerable.Repeat((byte)0x66, 32).ToArray();

    [Fact]
    public void Decrypts_the_known_answer_from_sops_cipher_tests()
    {
        // aes/cipher_test.go in sops: a 32-byte IV, which the BCL's AesGcm cannot take.
        Assert.True(EncryptedValue.TryParse(
            "ENC[AES256_GCM,data:oYyi,iv:MyIDYbT718JRr11QtBkcj3Dwm4k1aCGZBVeZf0EyV8o=,tag:t5z2Z023Up0kxwCgw1gNxg==,type:str]", out var v));
        Assert.Equal("foo", Encoding.UTF8.GetString(ValueCipher.Decrypt(v, Key, "bar:")));
    }

    [Fact]
    public void Wrong_aad_or_changed_data_fails_authentication()
    {
        var iv = new byte[32];
        var sealedValue = ValueCipher.Encrypt("secret"u8, Key, "a:", iv, "str");
        Assert.Throws<CryptographicFailure>(() => ValueCipher.Decrypt(sealedValue, Key, "b:"));
        var tampered = sealedValue with { Data = sealedValue.Data.Select((b, i) => i == 0 ? (byte)(b ^ 1) : b).ToArray() };
        Assert.Throws<CryptographicFailure>(() => ValueCipher.Decrypt(tampered, Key, "a:"));
    }

    [Fact]
    public void Envelope_round_trips_and_ignores_text_after_the_bracket()
    {
        var value = ValueCipher.Encrypt("x"u8, Key, "k:", new byte[32], "int");
        var text = value.ToString();
        Assert.Matches(@"^ENC\[AES256_GCM,data:[^,]+,iv:[A-Za-z0-9+/=]{44},tag:[A-Za-z0-9+/=]{24},type:int\]$", text);
        Assert.True(EncryptedValue.TryParse(text + "\n", out var parsed));
        Assert.Equal("int", parsed.Type);
        Assert.False(EncryptedValue.TryParse("ENC[AES256_GCM,data:!!,iv:x,tag:y,type:str]", out _));
    }

    [Theory]
    // Found by fuzzing: these parsed, but printed back as text that does not (or as another envelope).
    [InlineData("ENC[AES256_GCM,data:AA==,iv:AA==,tag:\t,type:str]")]
    [InlineData("ENC[AES256_GCM,data:AA==,iv:AA==,tag:\r\n,type:str]")]
    [InlineData("ENC[AES256_GCM,data:A A==,iv:AA==,tag:AA==,type:str]")]
    public void Envelope_with_an_empty_or_blank_field_is_not_an_envelope(string text)
    {
        Assert.True(EncryptedValue.TryParse("ENC[AES256_GCM,data:AA==,iv:AA==,tag:AA==,type:str]", out _));
        Assert.False(EncryptedValue.TryParse(text, out _));
    }
}

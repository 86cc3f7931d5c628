namespace SopsNet.Tests.Properties;

/// <summary>
/// Files the round-trip property suite found broken, minimised: each must now encrypt and decrypt back
/// (byte for byte, or to the canonical form the store warns about) through the real engine and stores (the same path as `sopsnet encrypt` then `decrypt`).
/// </summary>
public sealed class RoundTripRegressionTests
{
    [Theory]
    // A block scalar with an indentation indicator and only whitespace in its body: the envelope was
    // indented by the store's default (4) under "|1", read back as "   ENC[…]", and the file did not decrypt.
    [InlineData("yaml", "a: |1\n  \n", RoundTripOutcome.Exact)]
    [InlineData("yaml", "a:\n  - >2\n     \nb: 1\n", RoundTripOutcome.Canonical)]
    // A comment after a """ or ` value that spans lines: go-ini reads it only when the value does, so once
    // the value was a one-line envelope the comment was left encrypted by decryption. The envelope is
    // written unquoted beside the comment; decrypting quotes the value in """ again (a ` value warns).
    [InlineData("ini", "[s]\nk=\"\"\"a\nb\"\"\" # note\n", RoundTripOutcome.Exact)]
    [InlineData("ini", "k=`a\r\nb` ;note\r\n", RoundTripOutcome.Canonical)]
    // A file without a final line break whose last value is a quoted string ending in "\n": decrypting
    // added a final line break (kept for block scalars only, which need it).
    [InlineData("yaml", "pw0: \"x \\n\"", RoundTripOutcome.Exact)]
    [InlineData("yaml", "# c\r\npw0: \"x \\n\" # c", RoundTripOutcome.Exact)]
    public async Task Decrypts_back(string format, string text, RoundTripOutcome expected)
    {
        var outcome = await RoundTripInvariant.HoldsAsync(new RoundTripCase(format, text, Selection.SelectionRule.Default, false));
        Assert.Equal(expected, outcome);
    }
}

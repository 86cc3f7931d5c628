using System.Collections.Immutable;
using System.Security.Cryptography;
using SopsNet.Engine;
using SopsNet.Selection;
using SopsNet.Tree;

namespace SopsNet.Tests.Support;

/// <summary>
/// The real engine with a fixed data key and sops's default rule, for store tests that need a tree
/// transformed exactly as encrypt and decrypt transform it.
/// </summary>
public static class EngineCipher
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public static ImmutableArray<Mapping> Encrypt(ImmutableArray<Mapping> documents) =>
        new TreeEncryptor(Key, SelectionRule.Default, false, RandomNumberGenerator.Fill).Encrypt(documents).Documents;

    public static ImmutableArray<Mapping> Decrypt(ImmutableArray<Mapping> documents) =>
        new TreeDecryptor(Key, SelectionRule.Default, false).Decrypt(documents).Documents;

    public static Mapping Encrypt(Mapping document) => Encrypt([document])[0];

    public static Mapping Decrypt(Mapping document) => Decrypt([document])[0];
}

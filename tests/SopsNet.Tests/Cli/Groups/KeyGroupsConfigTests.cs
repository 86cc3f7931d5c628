using SopsNet.Files.Config;
using SopsNet.Keys;

namespace SopsNet.Tests.Cli.Groups;

/// <summary><c>key_groups</c> in .sops.yaml creation rules (docs/format.md §10.3).</summary>
public sealed class KeyGroupsConfigTests
{
    [Fact]
    public void Key_groups_merge_their_merge_lists_and_drop_duplicate_keys()
    {
        var config = ConfigLoader.Parse("""
            shared: &ops
              age: [age1ops]
            creation_rules:
              - path_regex: prod
                shamir_threshold: 2
                age: age1ignored
                key_groups:
                  - age: [age1a, age1a]
                    pgp: ["AB CD"]
                    merge:
                      - *ops
                  - age: age1b, age1ops
            """, "/tmp");

        var rule = config.RuleFor("/tmp/prod.yaml")!;

        Assert.Equal(2, rule.ShamirThreshold);
        Assert.Equal(
            [["age:age1a", "pgp:ABCD", "age:age1ops"], ["age:age1b", "age:age1ops"]],
            rule.KeyGroups.Select(g => g.Select(KeyIdentity.Of).ToArray()).ToArray());
    }
}

using System.Security.Cryptography;
using Amazon.Runtime;
using SopsNet.AwsKms;
using SopsNet.Keys;
using SopsNet.Tree;

namespace SopsNet.Tests.AwsKms;

/// <summary>The provider against the fake KMS, through the real AWS SDK client.</summary>
public sealed class AwsKmsProviderTests
{
    private static AwsKmsKeyProvider Provider(FakeKms fake, TimeSpan? timeout = null) => new(new AwsKmsOptions
    {
        Credentials = new BasicAWSCredentials(FakeKms.AccessKeyId, FakeKms.SecretAccessKey),
        KmsServiceUrl = fake.Url,
        StsServiceUrl = fake.Url,
        UseDefaultCredentialChain = false,
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
    });

    [Fact]
    public async Task Data_key_round_trips_through_kms_with_the_encryption_context()
    {
        await using var fake = await FakeKms.StartAsync();
        var provider = Provider(fake);
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var template = AwsKmsKeys.Create(FakeKms.Arn, null, new Dictionary<string, string> { ["app"] = "web", ["env"] = "prod" }, null);

        var wrapped = await provider.WrapAsync(template, dataKey, CancellationToken.None);

        Assert.Equal(FakeKms.Arn, wrapped.Field("arn"));
        Assert.Equal("", wrapped.Field("aws_profile"));
        Assert.Null(wrapped.Field("role"));
        Assert.Equal("web", ((Scalar)((Mapping)wrapped.Entry["context"]!)["app"]!).Text);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", wrapped.Field("created_at"));
        Assert.NotEmpty(Convert.FromBase64String(wrapped.Enc));
        Assert.Equal(dataKey, await Provider(fake).UnwrapAsync(wrapped, CancellationToken.None));
        Assert.Equal((1, 1), (fake.Encrypts, fake.Decrypts));
        Assert.All(fake.Signers, s => Assert.Equal(FakeKms.AccessKeyId, s));
    }

    [Fact]
    public async Task A_wrapped_key_is_sent_to_kms_once_however_often_it_is_needed()
    {
        await using var fake = await FakeKms.StartAsync();
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var wrapped = await Provider(fake).WrapAsync(AwsKmsKeys.Create(FakeKms.Arn, null, null, null), dataKey, CancellationToken.None);

        // 200 files share the key; each file opens its own key ring, as the CLI does.
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Provider(fake).UnwrapAsync(wrapped, CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(dataKey, r));
        Assert.Equal(1, fake.Decrypts);
    }

    [Fact]
    public async Task A_role_is_assumed_through_sts_and_its_credentials_sign_the_kms_call()
    {
        await using var fake = await FakeKms.StartAsync();
        var provider = new AwsKmsKeyProvider(new AwsKmsOptions
        {
            Credentials = new BasicAWSCredentials(FakeKms.AccessKeyId, FakeKms.SecretAccessKey),
            KmsServiceUrl = fake.Url,
            StsServiceUrl = fake.Url,
            HostName = "build box #7 (ci)",
        });
        var template = AwsKmsKeys.FromSpec(FakeKms.Arn + "+arn:aws:iam::111122223333:role/sops-decrypt", null, null);

        var wrapped = await provider.WrapAsync(template, new byte[32], CancellationToken.None);

        Assert.Equal("arn:aws:iam::111122223333:role/sops-decrypt", wrapped.Field("role"));
        Assert.Equal(("arn:aws:iam::111122223333:role/sops-decrypt", "sops@buildbox7ci"), Assert.Single(fake.AssumedRoles));
        Assert.Equal(FakeKms.RoleAccessKeyId, Assert.Single(fake.Signers));
    }

    [Fact]
    public async Task Unwrap_fails_with_one_line_when_kms_does_not_answer_in_time()
    {
        await using var fake = await FakeKms.StartAsync();
        var wrapped = await Provider(fake).WrapAsync(AwsKmsKeys.Create(FakeKms.Arn, null, null, null), new byte[32], CancellationToken.None);
        fake.Delay = TimeSpan.FromSeconds(30);
        var started = System.Diagnostics.Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() => Provider(fake, TimeSpan.FromSeconds(1.5)).UnwrapAsync(wrapped, CancellationToken.None));

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), started.Elapsed.ToString());
        Assert.Equal($"no answer within 1.5 s (endpoint {fake.Url})", e.Message);
    }

    [Theory]
    [InlineData("arn:aws:kms:us-east-1:111122223333:key/1234", "us-east-1")]
    [InlineData("arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/prod", "us-gov-west-1")]
    [InlineData("arn:aws-cn:kms:cn-north-1:111122223333:key/1234", "cn-north-1")]
    [InlineData("arn:aws:iam::111122223333:role/x", null)]
    [InlineData("1234abcd-12ab-34cd-56ef-1234567890ab", null)]
    public void Region_comes_from_the_arn(string arn, string? region) => Assert.Equal(region, AwsKmsArn.Region(arn));

    [Theory]
    [InlineData("arn:aws:kms:us-east-1:1:key/k", "arn:aws:kms:us-east-1:1:key/k", "")]
    [InlineData(" arn:aws:kms:us-east-1:1:key/k+arn:aws:iam::1:role/r ", "arn:aws:kms:us-east-1:1:key/k", "arn:aws:iam::1:role/r")]
    [InlineData("arn:aws:kms:us-east-1:1:alias/a+b+arn:aws:iam::1:role/r", "arn:aws:kms:us-east-1:1:alias/a+b", "arn:aws:iam::1:role/r")]
    public void Arn_plus_role_splits_at_plus_arn(string spec, string arn, string role) => Assert.Equal((arn, role), AwsKmsArn.Split(spec));

    [Fact]
    public void Session_name_keeps_allowed_characters_and_64_at_most()
    {
        Assert.Equal("sops@host-1.example.com", AwsKmsKeyProvider.SessionName("host-1.example.com"));
        Assert.Equal(64, AwsKmsKeyProvider.SessionName(new string('h', 100)).Length);
    }
}

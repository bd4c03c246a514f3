#Requires -Modules Pester
# A random canary password used for a whole run must appear nowhere: output, any stream, $Error, transcript,
# registry or store bytes — raw, URL-encoded, base64 of user:pwd, UTF-16.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:work = Join-Path ([IO.Path]::GetTempPath()) ("foscamps-canary-" + [guid]::NewGuid())
    $null = New-Item -ItemType Directory $work
    $env:FOSCAMPS_CONFIG_DIR = Join-Path $work 'config'
    Import-Module $env:FOSCAMPS_TEST_MODULE -Force
    # 12 bytes at most (firmware limit); characters that need URL-encoding on purpose.
    $rand = -join ((1..7) | ForEach-Object { [char](Get-Random -Minimum 97 -Maximum 123) })
    $script:canary = "C&$rand%="
    $script:emu = Start-TestEmulator -Count 2 -Arguments @('--user', "admin:$($canary):2", '--user', 'oper:fake-0per:1')
    $script:digest = Start-TestEmulator -Count 1 -Arguments @('--user', "admin:$($canary):2", '--profile', 'digest')
}

AfterAll {
    Disconnect-Cam -All
    Stop-TestEmulator $script:emu
    Stop-TestEmulator $script:digest
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item Env:FOSCAMPS_CONFIG_DIR
}

Describe 'Secrets never leak' {
    It 'finds the canary 0 times in every stream, $Error, the transcript, the registry and the store' {
        $ErrorActionPreference = 'Continue'
        $Error.Clear()
        $cred = New-TestCredential -UserName 'admin' -Password $canary
        $wrongUser = New-TestCredential -UserName 'oper' -Password $canary
        $transcript = Join-Path $work 'transcript.txt'
        $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
        Start-Transcript -Path $transcript | Out-Null
        $all = & {
            Connect-Cam -Camera $emu.Cameras[0].Address -Credential $cred -SessionName c0 -Verbose -Debug | Format-List * | Out-String
            Connect-Cam -Camera $digest.Cameras[0].Address -Credential $cred -SessionName d0 -Verbose | Format-List * | Out-String
            Get-CamStatus -Verbose | Format-List * | Out-String
            Get-CamParam -Camera c0 -Verbose | Format-Table -AutoSize | Out-String -Width 400
            Get-CamParam -Camera d0 -Name '*pwd*' -IncludeSecret | Format-List * | Out-String
            # failure paths with the canary on the wire
            Connect-Cam -Camera $emu.Cameras[1].Address -Credential $wrongUser -Verbose -Debug
            Get-CamParam -Camera $emu.Cameras[1].Address -Credential $wrongUser -Verbose
            Get-CamStatus -Camera '127.0.0.1:1' -Credential $cred -RetryCount 0 -TimeoutSec 2 -Verbose
            Register-Cam -Name canary-cam -Address $emu.Cameras[0].Address -Credential $cred -Verbose | Format-List * | Out-String
            Connect-Cam -Name canary-cam -Verbose | Format-List * | Out-String
            Get-CamRegistration | Format-List * | Out-String
            Get-CamSession | Format-List * | Out-String
            Get-CamSession | ConvertTo-Json -Depth 4
        } *>&1 | Out-String -Width 400
        Stop-Transcript | Out-Null
        $VerbosePreference = 'SilentlyContinue'; $DebugPreference = 'SilentlyContinue'

        $errors = foreach ($e in $Error) {
            $e | Out-String -Width 400
            if ($e -is [System.Management.Automation.ErrorRecord]) {
                "$($e.TargetObject | Format-List * | Out-String)"
                $x = $e.Exception
                while ($x) { $x.ToString(); $x.Message; ($x.Data | Out-String); $x = $x.InnerException }
                if ($e.ErrorDetails) { $e.ErrorDetails.Message; $e.ErrorDetails.RecommendedAction }
            }
        }
        $Error.Count | Should -BeGreaterThan 0 -Because 'the failure paths must have produced errors'
        # The captured text is real (sessions, verbose lines, errors), so an absent canary means something.
        $all | Should -Match 'canary-cam'
        $all | Should -Match 'c0: GET http'
        $all | Should -Match 'AuthenticationFailed|rejected the credential'

        $needles = @(
            $canary,
            [Uri]::EscapeDataString($canary),
            [Net.WebUtility]::UrlEncode($canary),
            [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("admin:$canary")),
            [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("oper:$canary"))
        )
        $texts = @{ output = $all; errors = ($errors -join "`n"); transcript = (Get-Content -Raw $transcript) }
        foreach ($name in $texts.Keys) {
            foreach ($n in $needles) { $texts[$name].Contains($n) | Should -BeFalse -Because "$name must not contain the canary ($n)" }
        }
        $files = Get-ChildItem $env:FOSCAMPS_CONFIG_DIR -Recurse -File
        $files.Count | Should -BeGreaterThan 1
        foreach ($f in $files) {
            $bytes = [IO.File]::ReadAllBytes($f.FullName)
            $latin = [Text.Encoding]::Latin1.GetString($bytes)
            foreach ($n in $needles) { $latin.Contains($n) | Should -BeFalse -Because "$($f.Name) must not contain $n" }
            $latin.Contains([Text.Encoding]::Latin1.GetString([Text.Encoding]::Unicode.GetBytes($canary))) | Should -BeFalse -Because "$($f.Name) must not contain UTF-16"
        }
        # The run really used the canary successfully (the stored credential decrypts and works).
        (Get-CamSession -Name canary-cam).Privilege | Should -Be 'Administrator'
    }
}

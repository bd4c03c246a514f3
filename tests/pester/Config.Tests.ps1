#Requires -Modules Pester
# Configuration as code as users drive it: fresh pwsh, built module, emulator child process, a credential store of
# the test's own (secrets sealed with its key), -WhatIf's printed plan, format views.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:configDir = Join-Path ([IO.Path]::GetTempPath()) ("foscamps-config-" + [guid]::NewGuid())
    $script:otherDir = Join-Path ([IO.Path]::GetTempPath()) ("foscamps-config-other-" + [guid]::NewGuid())
    $script:outDir = Join-Path ([IO.Path]::GetTempPath()) ("foscamps-config-out-" + [guid]::NewGuid())
    $env:FOSCAMPS_CONFIG_DIR = $configDir
    Import-Module $env:FOSCAMPS_TEST_MODULE -Force
    $script:cred = New-TestCredential -UserName 'admin' -Password 'fake-Adm1n'
    $script:stateFile = Join-Path ([IO.Path]::GetTempPath()) "foscamps-config-$PID.json"
    # Canary passwords: they must never be in a file in clear, nor in any drift output.
    @{ cameras = @(
            @{ index = 0; state = @{ ftp_svr = 'ftp-a.example.invalid'; ftp_user = 'cam'; ftp_pwd = 'fake-pw-1'; alarm_motion_sensitivity = '8'; mail_pwd = 'fake-pw-1' } }
            @{ index = 1; state = @{ ftp_svr = 'ftp-b.example.invalid'; ftp_user = 'cam'; ftp_pwd = 'fake-pw-2'; alarm_motion_sensitivity = '3' } }
            @{ index = 2; state = @{ ftp_svr = 'ftp-b.example.invalid'; ftp_user = 'cam'; ftp_pwd = 'fake-pw-2'; alarm_motion_sensitivity = '3' } }
        ) } | ConvertTo-Json -Depth 5 | Set-Content -Path $script:stateFile
    $script:emu = Start-TestEmulator -Count 3 -Arguments @('--user', 'admin:fake-Adm1n:2', '--state', $script:stateFile)
    $script:a = $emu.Cameras | ForEach-Object Address
    $null = New-Item -ItemType Directory -Path $outDir
}

AfterAll {
    # The passphrase this runspace got from Set-CamCredentialStore must not leak into later test files.
    Lock-CamCredentialStore -ErrorAction SilentlyContinue | Out-Null
    Disconnect-Cam -All
    Stop-TestEmulator $script:emu
    Remove-Item $configDir, $otherDir, $outDir -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item $script:stateFile -ErrorAction SilentlyContinue
    Remove-Item Env:FOSCAMPS_CONFIG_DIR
}

Describe 'Export-CamConfig, Compare-CamConfig, Set-CamConfig' {
    It 'exports without secrets, shows the plan with -WhatIf without changing anything, applies, and a second run changes nothing' {
        $export = Export-CamConfig -Camera $a[0] -Credential $cred -Path $outDir
        $export | Should -BeOfType 'FoscamPS.Model.CamConfigExport'
        $text = Get-Content -Raw $export.Path
        $text | Should -Not -Match 'fake-pw'
        $text | Should -Match '"ftp_svr": "ftp-a.example.invalid"'
        ($text | ConvertFrom-Json).format | Should -Be 'FoscamPS.CamConfig'

        # -WhatIf prints the field-level plan (old -> new) in a fresh process and changes nothing.
        $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
        $script = "Import-Module '$env:FOSCAMPS_TEST_MODULE'; `$c = [pscredential]::new('admin', (ConvertTo-SecureString 'fake-Adm1n' -AsPlainText -Force)); Set-CamConfig -Camera '$($a[1])' -Credential `$c -Baseline '$($export.Path)' -WhatIf"
        $plan = (& $pwsh -NoProfile -NonInteractive -Command $script 2>&1) -join "`n"
        $plan | Should -Match 'What if'
        $plan | Should -Match "Ftp\.Server: 'ftp-b\.example\.invalid' -> 'ftp-a\.example\.invalid'"
        $plan | Should -Match 'Alarm\.MotionSensitivity: 3 -> 8'
        $plan | Should -Not -Match 'fake-pw'
        (Get-CamFtp -Camera $a[1] -Credential $cred).Server | Should -Be 'ftp-b.example.invalid'

        $drift = @(Compare-CamConfig -Camera $a[1] -Credential $cred -Baseline $export.Path)
        $drift.Field | Should -Contain 'ftp_svr'
        $drift.Field | Should -Contain 'alarm_motion_sensitivity'
        $table = ($drift | Format-Table | Out-String -Width 80)
        $table | Should -Match '(?m)^Camera\s+Group\s+Field\s+Expected\s+Actual'

        $r = Set-CamConfig -Camera $a[1] -Credential $cred -Baseline $export.Path -Confirm:$false
        $r.ChangedGroups | Should -BeGreaterThan 0
        $r.Verified | Should -BeTrue
        @(Compare-CamConfig -Camera $a[1] -Credential $cred -Baseline $export.Path).Count | Should -Be 0
        $again = Set-CamConfig -Camera $a[1] -Credential $cred -Baseline $export.Path -Confirm:$false -Verbose 4>&1
        ($again | Where-Object { $_ -is [FoscamPS.Model.CamConfigApplyResult] }).ChangedGroups | Should -Be 0
        ($again | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match 'already matches'
    }

    It 'drift rows carry no secret to CSV or JSON, and pipe into Set-CamConfig' {
        $drift = @(Compare-CamConfig -Camera $a[2] -ReferenceCamera $a[0] -Credential $cred)
        ($drift | Where-Object Field -eq 'ftp_pwd').Actual | Should -Be '********'
        $csv = ($drift | ConvertTo-Csv -NoTypeInformation) -join "`n"
        $json = $drift | ConvertTo-Json -Depth 5
        $csv | Should -Match 'ftp_pwd'
        $csv | Should -Not -Match 'fake-pw'
        $json | Should -Not -Match 'fake-pw'
    }

    It '-IncludeSecret seals secrets with the credential store key: useless without it, a clear error when the store is missing or locked' {
        # No store yet: refused before any request.
        { Export-CamConfig -Camera $a[0] -Credential $cred -Path $outDir -IncludeSecret -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'StoreKeyMissing*'

        Register-Cam -Name 'cfg-src' -Address $a[0] -Credential $cred
        $export = Export-CamConfig -Camera 'cfg-src' -Path $outDir -IncludeSecret -Force
        $export.IncludesSecret | Should -BeTrue
        $text = Get-Content -Raw $export.Path
        $text | Should -Not -Match 'fake-pw'
        $text | Should -Not -Match ([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('fake-pw-1')))
        ($text | ConvertFrom-Json).secrets.data | Should -Not -BeNullOrEmpty

        # With the key: the secrets travel (camera 3 gets camera 1's FTP password; compared, never shown).
        $r = Set-CamConfig -Camera $a[2] -Credential $cred -Baseline $export.Path -Confirm:$false
        $r.Verified | Should -BeTrue
        @(Compare-CamConfig -Camera $a[2] -ReferenceCamera $a[0] -Credential $cred | Where-Object Field -eq 'ftp_pwd').Count | Should -Be 0

        # Another store (another key): the file does not open.
        $env:FOSCAMPS_CONFIG_DIR = $otherDir
        try {
            { Compare-CamConfig -Camera $a[2] -Credential $cred -Baseline $export.Path -ErrorAction Stop } | Should -Throw -ErrorId 'StoreKeyMissing*'
            Register-Cam -Name 'other' -Address $a[1] -Credential $cred
            { Set-CamConfig -Camera $a[1] -Credential $cred -Baseline $export.Path -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'StoreKeyMismatch*'
        }
        finally {
            $env:FOSCAMPS_CONFIG_DIR = $configDir
        }
        # ... and nothing was written to camera 2 (its FTP password still differs from camera 1's).
        @(Compare-CamConfig -Camera $a[1] -ReferenceCamera $a[0] -Credential $cred | Where-Object Field -eq 'ftp_pwd').Count | Should -Be 1

        # A passphrase-protected store that this runspace has not unlocked: a clear error naming it.
        $pass = ConvertTo-SecureString 'fake-pass-phrase-1' -AsPlainText -Force
        Set-CamCredentialStore -Protection Passphrase -Passphrase $pass -Confirm:$false
        $rs = [powershell]::Create()
        $null = $rs.AddScript({
                param($m, $addr, $path, $c, $dir)
                Import-Module $m
                try { Export-CamConfig -Camera $addr -Credential $c -Path $dir -IncludeSecret -Force -ErrorAction Stop; 'no error' } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            }).AddArgument($env:FOSCAMPS_TEST_MODULE).AddArgument($a[0]).AddArgument($export.Path).AddArgument($cred).AddArgument($outDir)
        $out = $rs.Invoke(); $rs.Dispose()
        Lock-CamCredentialStore | Out-Null
        $out[0] | Should -BeLike 'StorePassphraseRequired*'
        $out[1] | Should -Match 'IncludeSecret'
    }

    It 'puts drift rows into the fleet report without any secret' {
        $drift = @(Compare-CamConfig -Camera $a[1] -ReferenceCamera $a[0] -Credential $cred)
        $drift.Count | Should -BeGreaterThan 0
        $html = Join-Path $outDir 'fleet.html'
        $info = Export-CamReport -Camera $a[1] -Credential $cred -Drift $drift -Path $html -NoSnapshot
        $info.DriftCount | Should -Be $drift.Count
        $page = Get-Content -Raw $html
        $page | Should -Match 'Configuration drift'
        $page | Should -Not -Match 'fake-pw'
        $page | Should -Not -Match 'fake-Adm1n'
    }
}

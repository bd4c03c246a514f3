#Requires -Modules Pester
# The security audit as users load it: fresh pwsh, built module, emulator child process seeded through a state file.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:FOSCAMPS_TEST_MODULE -Force
    # Every secret on the cameras contains the canary; it must appear nowhere the audit writes.
    $script:canary = 'fake-pw-9'
    $script:work = Join-Path ([IO.Path]::GetTempPath()) ('foscamps-audit-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $work | Out-Null
    $state = @{ cameras = @(
            @{ index = 0; state = @{ user1_name = 'ops'; user1_pwd = "$($canary)x0"; user1_pri = '2'; sys_ver = '11.37.2.56'; factory_ddns_service = '0' } }
            @{ index = 1; state = @{ sys_ver = '11.37.2.56'; factory_ddns_service = '0'; upnp_enable = '1'
                    ftp_svr = 'ftp.evil.test'; ftp_user = 'cam'; ftp_pwd = "$($canary)ft" } }
            @{ index = 2; state = @{ alias = '<i>yard</i>'; mail_svr = 'smtp.example.com'; mail_user = 'cam'; mail_pwd = "$($canary)ml"; mail_tls = '2' } }
        ) }
    $stateFile = Join-Path $work 'state.json'
    $state | ConvertTo-Json -Depth 5 | Set-Content -Path $stateFile
    $script:emu = Start-TestEmulator -Count 3 -Arguments @('--user', "admin:$($canary):2", '--state', $stateFile)
    $script:sessions = @(
        Connect-Cam -HostName 127.0.0.1 -Port $emu.Cameras[0].Uri.Port -Credential (New-TestCredential -UserName ops -Password "$($canary)x0") -SessionName cam0
        Connect-Cam -HostName 127.0.0.1 -Port $emu.Cameras[1].Uri.Port -Credential (New-TestCredential -UserName admin -Password $canary) -SessionName cam1
        Connect-Cam -HostName 127.0.0.1 -Port $emu.Cameras[2].Uri.Port -Credential (New-TestCredential -UserName admin -Password $canary) -SessionName cam2
    )
    $script:baseline = Join-Path $work 'baseline.json'
    @{ Administrators = @('ops'); WebUiVersion = '2.0.10.4'; AllowedDomains = @('example.com') } | ConvertTo-Json | Set-Content -Path $baseline
    $script:expected = @(
        'cam1 DefaultAdminName', 'cam1 UnknownAdministrator', 'cam1 UpnpEnabled', 'cam1 FtpCredentialsInClear', 'cam1 ServerOutsideAllowedDomain', 'cam1 ReusedPassword'
        'cam2 DefaultAdminName', 'cam2 UnknownAdministrator', 'cam2 FirmwareVulnerable', 'cam2 AnonymousStatus', 'cam2 VendorDdns', 'cam2 ReusedPassword', 'cam2 UnsafeText'
    ) | Sort-Object
    $script:outDir = Join-Path (Split-Path (Split-Path $PSScriptRoot)) 'out/audit'
    New-Item -ItemType Directory -Force -Path $outDir | Out-Null
}

AfterAll {
    Get-CamSession | Disconnect-Cam -ErrorAction SilentlyContinue
    Stop-TestEmulator $script:emu
    Remove-Item -Recurse -Force $script:work -ErrorAction SilentlyContinue
}

Describe 'Test-CamSecurity' {
    It 'finds every seeded issue and nothing else' {
        $f = Test-CamSecurity -Camera $sessions -Baseline $baseline -Probe
        $f.Count | Should -Be (3 * 24)
        @($f | Where-Object Verdict -eq 'Fail' | ForEach-Object { "$($_.CameraName) $($_.CheckId)" } | Sort-Object) | Should -Be $expected
        @($f | Where-Object Verdict -eq 'Unverifiable') | Should -BeNullOrEmpty
        ($f | Where-Object { $_.CameraName -eq 'cam1' -and $_.CheckId -eq 'FtpCredentialsInClear' }).Evidence | Should -Be 'ftp_user, ftp_pwd'
        ($f | Where-Object { $_.CameraName -eq 'cam1' -and $_.CheckId -eq 'UpnpEnabled' }).Remediation | Should -Match 'Set-CamUpnp'
    }

    It 'writes no secret to any stream, $Error, a transcript, CSV or JSON' {
        $Error.Clear()
        $transcript = Join-Path $work 'transcript.txt'
        Start-Transcript -Path $transcript | Out-Null
        try {
            $all = Test-CamSecurity -Camera $sessions -Baseline $baseline -Probe -Verbose -Debug 4>&1 5>&1 3>&1 2>&1 6>&1
            $all | Format-Table | Out-String -Width 200 | Out-Host
        }
        finally { Stop-Transcript | Out-Null }
        $findings = $all | Where-Object { $_ -is [FoscamPS.Model.CamSecurityFinding] }
        $findings.Count | Should -Be (3 * 24)
        $csv = Join-Path $work 'audit.csv'
        $json = Join-Path $work 'audit.json'
        $findings | Export-Csv -NoTypeInformation -Path $csv
        $findings | ConvertTo-Json -Depth 4 | Set-Content -Path $json
        $text = ($all | Out-String -Width 400) + ($Error | Out-String) + (Get-Content -Raw $transcript) + (Get-Content -Raw $csv) + (Get-Content -Raw $json)
        $text | Should -Match 'ReusedPassword'
        $text | Should -Not -Match ([regex]::Escape($canary))
    }

    It 'summarises per camera and per check' {
        $byCam = Test-CamSecurity -Camera $sessions -Baseline $baseline -Probe -Summary Camera
        ($byCam | Where-Object { $_.Camera.Name -eq 'cam0' }).Failed | Should -Be 0
        ($byCam | Where-Object { $_.Camera.Name -eq 'cam2' }).WorstSeverity | Should -Be 'Critical'
        $byCheck = Test-CamSecurity -Camera $sessions -Baseline $baseline -Probe -Summary Check
        ($byCheck | Where-Object CheckId -eq 'ReusedPassword').FailedCameras | Should -Be 'cam1, cam2'
        ($byCheck | Measure-Object -Property Failed -Sum).Sum | Should -Be $expected.Count
        ($byCheck | Format-Table | Out-String -Width 80) | Should -Match 'ReusedPassword'
    }

    It 'exports formula-looking names to CSV as text' {
        $evil = Connect-Cam -HostName 127.0.0.1 -Port $emu.Cameras[0].Uri.Port -Credential (New-TestCredential -UserName ops -Password "$($canary)x0") -SessionName '=cmd|"/c calc"!A0'
        try {
            $csv = Join-Path $work 'evil.csv'
            Test-CamSecurity -Camera $evil -Check UpnpEnabled | Export-Csv -NoTypeInformation -Path $csv
            $row = Import-Csv -Path $csv
            $row.Camera | Should -Be "'=cmd|`"/c calc`"!A0"
            foreach ($p in $row.PSObject.Properties) { $p.Value | Should -Not -Match '^[=+\-@\t\r|%]' }
        }
        finally { $evil | Disconnect-Cam }
    }
}

Describe 'Export-CamReport with audit findings' {
    It 'lists the failed checks, holds no secret and renders in headless Chromium' {
        $chromium = Find-TestChromium
        $chromium | Should -Not -BeNullOrEmpty -Because '.ci/run installs Debian chromium'
        $f = Test-CamSecurity -Camera $sessions -Baseline $baseline -Probe
        $path = Join-Path $outDir 'audit.html'
        $info = Export-CamReport -Camera $sessions -Finding $f -Path $path -Force
        $info.FailedChecks | Should -Be $expected.Count
        $html = Get-Content -Raw $path
        $html | Should -Match '<section id="audit">'
        $html | Should -Match 'FtpCredentialsInClear'
        $html | Should -Not -Match '<i>yard'
        $html | Should -Not -Match ([regex]::Escape($canary))
        $shot = Join-Path $outDir 'audit.png'
        $log = Invoke-TestChromiumScreenshot -Chromium $chromium -Path $path -Screenshot $shot
        $shot | Should -Exist
        (Get-Item $shot).Length | Should -BeGreaterThan 1000
        $log | Should -Not -Match 'CONSOLE.*(Uncaught|Error|Refused)|Content Security Policy'
    }
}

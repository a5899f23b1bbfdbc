//! `ingest imap --security starttls`: plain IMAP on the rig's IMAP_PORT upgraded with
//! STARTTLS and verified against the rig's CA; without that CA it fails and says why.

use std::process::Stdio;

use crate::common;
use crate::imap_ingest::Imap;

fn starttls(imap: &Imap, maildir: &std::path::Path, ca: Option<&str>) -> std::process::Output {
    let mut c = common::bin();
    c.args([
        "ingest",
        "imap",
        "--host",
        "localhost",
        "--port",
        &imap.port,
        "--security",
        "starttls",
        "--user",
        &imap.user,
    ])
    .arg("--password-file")
    .arg(imap.password_file())
    .arg("--to-maildir")
    .arg(maildir)
    .stdin(Stdio::null());
    if let Some(ca) = ca {
        c.args(["--ca", ca]);
    }
    c.output().unwrap()
}

#[test]
fn imap_starttls_verified_by_the_ca_takes_the_mail_and_without_it_says_why() {
    let imap = Imap::start();
    let mail = imap.dir.path().join("m.eml");
    std::fs::write(
        &mail,
        "From: a@acme.example\r\nSubject: over starttls\r\nMessage-ID: <st-1@acme.example>\r\n\r\nbody\r\n",
    )
    .unwrap();
    assert!(imap.rig(&["deliver", mail.to_str().unwrap()]).status.success());
    let md = tempfile::tempdir().unwrap();
    for sub in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(md.path().join(sub)).unwrap();
    }
    // Without the rig's CA (the system's CAs do not know it): refused, nothing taken.
    let out = starttls(&imap, md.path(), None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("STARTTLS") && err.to_lowercase().contains("certificate"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(md.path().join("new")).unwrap().count(), 0);
    let out = starttls(&imap, md.path(), Some(&imap.ca));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let taken: Vec<_> = std::fs::read_dir(md.path().join("new")).unwrap().collect();
    assert_eq!(taken.len(), 1, "{}", String::from_utf8_lossy(&out.stderr));
}

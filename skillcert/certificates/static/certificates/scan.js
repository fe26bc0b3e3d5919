SkillCertVerifier.mount(document.querySelector("[data-role=verifier]"), JSON.parse(document.getElementById("verifier-config").textContent));

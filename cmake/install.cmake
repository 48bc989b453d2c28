# Install layout and the Debian package (issue 19): `cmake --install` puts the binary in /usr/bin,
# its files in /usr/share/plumbline, the settings in /etc/plumbline and the state in
# /var/lib/plumbline; `cpack -G DEB` packs the same tree with the service user and systemd units.
include(GNUInstallDirs)

set(PLUMBLINE_SHARE_DIR ${CMAKE_INSTALL_DATADIR}/plumbline)
set(PLUMBLINE_CONFIG_DIR ${CMAKE_INSTALL_FULL_SYSCONFDIR}/plumbline)
set(PLUMBLINE_STATE_DIR ${CMAKE_INSTALL_FULL_LOCALSTATEDIR}/lib/plumbline)

# The binary finds these folders relative to itself (src/config/layout.cpp), so that a copy staged
# under a DESTDIR, or installed under another prefix, finds its own.
file(RELATIVE_PATH _rel_share ${CMAKE_INSTALL_FULL_BINDIR} ${CMAKE_INSTALL_FULL_DATADIR}/plumbline)
file(RELATIVE_PATH _rel_config ${CMAKE_INSTALL_FULL_BINDIR} ${PLUMBLINE_CONFIG_DIR}/plumbline.conf)
file(RELATIVE_PATH _rel_state ${CMAKE_INSTALL_FULL_BINDIR} ${PLUMBLINE_STATE_DIR})
set_source_files_properties(${CMAKE_SOURCE_DIR}/src/config/layout.cpp PROPERTIES COMPILE_DEFINITIONS
  "PLUMBLINE_REL_SHARE=\"${_rel_share}\";PLUMBLINE_REL_CONFIG=\"${_rel_config}\";PLUMBLINE_REL_STATE=\"${_rel_state}\"")

install(TARGETS plumbline RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/templates/ DESTINATION ${PLUMBLINE_SHARE_DIR}/templates)
# static/ holds the npm assets `make data` copied in (static/vendor).
install(DIRECTORY ${CMAKE_SOURCE_DIR}/static/ DESTINATION ${PLUMBLINE_SHARE_DIR}/static)
install(FILES ${CMAKE_SOURCE_DIR}/data/generated/zips.tsv
              ${CMAKE_SOURCE_DIR}/data/generated/zips.meta.json
              ${CMAKE_SOURCE_DIR}/data/generated/common-passwords.txt
        DESTINATION ${PLUMBLINE_SHARE_DIR}/data)
install(FILES ${CMAKE_SOURCE_DIR}/docs/openapi.json DESTINATION ${PLUMBLINE_SHARE_DIR})
install(FILES ${CMAKE_SOURCE_DIR}/deploy/plumbline.conf DESTINATION ${PLUMBLINE_CONFIG_DIR}
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
install(DIRECTORY DESTINATION ${PLUMBLINE_STATE_DIR})
install(FILES ${CMAKE_SOURCE_DIR}/deploy/systemd/plumbline.service
              ${CMAKE_SOURCE_DIR}/deploy/systemd/plumbline-worker.service
        DESTINATION ${CMAKE_INSTALL_PREFIX}/lib/systemd/system)
install(FILES ${CMAKE_SOURCE_DIR}/docs/operations.md ${CMAKE_SOURCE_DIR}/docs/config.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/deploy/nginx ${CMAKE_SOURCE_DIR}/deploy/prometheus
                  ${CMAKE_SOURCE_DIR}/deploy/grafana
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples OPTIONAL)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME plumbline)
set(CPACK_PACKAGE_VENDOR "Plumbline")
set(CPACK_PACKAGE_CONTACT "Plumbline operators <ops@plumbline.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Self-hostable lead marketplace for plumbers")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://plumbline.invalid/")
# Library dependencies come from the binary (dpkg-shlibdeps); tzdata holds the time zones it reads.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, tzdata")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "postgresql-15-postgis-3, nginx-light, prometheus")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_SOURCE_DIR}/deploy/debian/postinst ${CMAKE_SOURCE_DIR}/deploy/debian/prerm
    ${CMAKE_SOURCE_DIR}/deploy/debian/postrm ${CMAKE_SOURCE_DIR}/deploy/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
include(CPack)

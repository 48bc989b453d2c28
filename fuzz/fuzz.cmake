# Fuzz targets (issue 21 item 1), included from the top-level CMakeLists.txt in two builds:
#  - the `fuzz` preset (PLUMBLINE_FUZZ, clang): each target linked with libFuzzer, ASan and UBSan,
#    from a library of only the sources the targets need (minutes, not the whole core);
#  - the ASan+UBSan debug build (PLUMBLINE_SANITIZE with tests): each target as a replay program
#    (fuzz/replay_main.cpp) that ctest runs over its whole corpus in fuzz/corpus/<target>/ and the
#    inputs that once crashed it in fuzz/regressions/<target>/ (label fuzz).
# `make fuzz` (fuzz/run.sh) builds the preset and runs each target for FUZZ_SECONDS.
set(PLUMBLINE_FUZZ_TARGETS
  http_request      # request head and body framing, chunked included (Beast + http/head, target)
  urlencoded        # form bodies and query strings (http/forms)
  multipart         # multipart/form-data (http/multipart)
  headers           # Cookie, Content-Type, Stripe-Signature, X-Twilio-Signature
  stripe_webhook    # the Stripe webhook: signature, JSON, mode rule, the event applied to a store
  json_api          # JSON API bodies (web/input)
  mustache          # templates/ rendered with user data; admin-typed template text
  validators        # phone, e-mail, ZIP, names, the whole lead (domain/contact, lead_rules)
  images            # photo input (domain/photos, integrations/vips_images)
  sql_placeholders) # the $N → ?N statement rewrite (store/sql/statement.hpp)

set(PLUMBLINE_FUZZ_DIR ${CMAKE_SOURCE_DIR}/fuzz)

function(plumbline_fuzz_target_options target)
  target_include_directories(${target} PRIVATE ${PLUMBLINE_FUZZ_DIR})
  target_compile_definitions(${target} PRIVATE
    PLUMBLINE_TEMPLATES_DIR="${CMAKE_SOURCE_DIR}/templates")
  # One source each: the unity build would merge nothing and rename nothing.
  set_target_properties(${target} PROPERTIES UNITY_BUILD OFF)
endfunction()

if(PLUMBLINE_FUZZ)
  # Only what the targets reach; the linker says when a target needs one more.
  set(fuzz_sources
    src/http/forms.cpp src/http/multipart.cpp src/http/target.cpp src/http/head.cpp
    src/http/response.cpp src/http/beast_assert.cpp
    src/integrations/stripe_signature.cpp src/integrations/twilio_signature.cpp
    src/integrations/twilio_sms.cpp src/integrations/vips_images.cpp src/integrations/curl_pool.cpp
    src/integrations/mime.cpp
    src/templating/mustache.cpp
    src/web/input.cpp
    src/crypto/tokens.cpp
    src/log/log.cpp
    src/geo/zip_table.cpp src/geo/distance.cpp src/geo/time_zone.cpp)
  # The Stripe target applies events to a real SQLite store: the store, its SQL, the migrations
  # and the payment service; the pure domain rules are all small.
  file(GLOB fuzz_folder_sources CONFIGURE_DEPENDS
    ${CMAKE_SOURCE_DIR}/src/domain/*.cpp ${CMAKE_SOURCE_DIR}/src/store/sqlite/*.cpp
    ${CMAKE_SOURCE_DIR}/src/store/sql/*.cpp ${CMAKE_SOURCE_DIR}/src/services/payments*.cpp)
  list(FILTER fuzz_folder_sources EXCLUDE REGEX ".*_test\\.cpp$")
  list(APPEND fuzz_sources src/store/migrations.cpp)
  list(TRANSFORM fuzz_sources PREPEND ${CMAKE_SOURCE_DIR}/)
  add_library(plumbline_fuzz_core STATIC ${fuzz_sources} ${fuzz_folder_sources} ${EMBEDDED_MIGRATIONS})
  target_include_directories(plumbline_fuzz_core PUBLIC ${CMAKE_SOURCE_DIR}/src ${MUSTACHE_INCLUDE_DIR})
  target_compile_definitions(plumbline_fuzz_core PUBLIC BOOST_ASIO_NO_DEPRECATED BOOST_BEAST_USE_STD_STRING_VIEW)
  target_link_libraries(plumbline_fuzz_core PUBLIC
    Boost::headers Boost::url Boost::json SQLite::SQLite3 OpenSSL::SSL OpenSSL::Crypto
    CURL::libcurl spdlog::spdlog fmt::fmt PkgConfig::SODIUM PkgConfig::JWT PkgConfig::VIPS
    Threads::Threads)
  foreach(name IN LISTS PLUMBLINE_FUZZ_TARGETS)
    add_executable(fuzz_${name} ${PLUMBLINE_FUZZ_DIR}/${name}_fuzz.cpp)
    target_link_libraries(fuzz_${name} PRIVATE plumbline_fuzz_core)
    target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
    plumbline_fuzz_target_options(fuzz_${name})
  endforeach()
elseif(PLUMBLINE_SANITIZE AND PLUMBLINE_BUILD_TESTS)
  add_library(fuzz_replay_main OBJECT ${PLUMBLINE_FUZZ_DIR}/replay_main.cpp)
  foreach(name IN LISTS PLUMBLINE_FUZZ_TARGETS)
    add_executable(replay_${name} ${PLUMBLINE_FUZZ_DIR}/${name}_fuzz.cpp $<TARGET_OBJECTS:fuzz_replay_main>)
    target_link_libraries(replay_${name} PRIVATE plumbline_core)
    plumbline_fuzz_target_options(replay_${name})
    # fuzz/regressions/<target>/: inputs that once crashed, kept out of the corpus merges.
    set(inputs ${PLUMBLINE_FUZZ_DIR}/corpus/${name})
    if(EXISTS ${PLUMBLINE_FUZZ_DIR}/regressions/${name})
      list(APPEND inputs ${PLUMBLINE_FUZZ_DIR}/regressions/${name})
    endif()
    add_test(NAME fuzz-replay-${name} COMMAND replay_${name} ${inputs})
    set_tests_properties(fuzz-replay-${name} PROPERTIES LABELS fuzz)
  endforeach()
endif()

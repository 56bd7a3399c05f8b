# .xlsx in and out (issue 10): zlib + minizip (the zip container), expat (streaming XML for
# reading sheets) and libxlsxwriter (writing workbooks). core/xlsx/*.cpp are part of clv_core
# (the core glob picks them up), so this file links the libraries into clv_core: the CLI, the
# test suites and the web app `app` get them through clv_core with no change of their own.
#
#   native      the system libraries from Debian's -dev packages (scripts/setup installs them)
#   emscripten  the same libraries compiled from Debian's *source* packages, which scripts/setup
#               unpacks into build/third_party/{zlib,expat,libxlsxwriter}. Emscripten's own zlib
#               port would download and fail here, and em++ must not see /usr/include.
# The libraries' headers stay private to core/xlsx/*.cpp: no public core header includes them.

if(EMSCRIPTEN)
  set(CLV_THIRD_PARTY "${CMAKE_SOURCE_DIR}/build/third_party")
  set(zlib_dir "${CLV_THIRD_PARTY}/zlib")
  set(expat_dir "${CLV_THIRD_PARTY}/expat/expat/lib")
  set(lxw_dir "${CLV_THIRD_PARTY}/libxlsxwriter")
  foreach(probe "${zlib_dir}/zlib.h" "${expat_dir}/xmlparse.c" "${lxw_dir}/src/workbook.c")
    if(NOT EXISTS "${probe}")
      message(FATAL_ERROR "${probe} not found: run scripts/setup (it unpacks Debian's zlib, expat and libxlsxwriter sources)")
    endif()
  endforeach()

  # zlib and minizip (zlib's contrib/minizip: unzip for reading, zip for libxlsxwriter).
  add_library(clv_zlib STATIC
    ${zlib_dir}/adler32.c ${zlib_dir}/compress.c ${zlib_dir}/crc32.c ${zlib_dir}/deflate.c
    ${zlib_dir}/infback.c ${zlib_dir}/inffast.c ${zlib_dir}/inflate.c ${zlib_dir}/inftrees.c
    ${zlib_dir}/trees.c ${zlib_dir}/uncompr.c ${zlib_dir}/zutil.c
    ${zlib_dir}/contrib/minizip/ioapi.c ${zlib_dir}/contrib/minizip/unzip.c ${zlib_dir}/contrib/minizip/zip.c)
  target_include_directories(clv_zlib SYSTEM PUBLIC "${zlib_dir}" "${zlib_dir}/contrib")
  # IOAPI_NO_64: plain fopen/fseeko (musl's off_t is 64-bit already).
  target_compile_definitions(clv_zlib PUBLIC IOAPI_NO_64 PRIVATE HAVE_UNISTD_H)
  target_compile_options(clv_zlib PRIVATE -O3 -w)

  # expat: a fixed configuration instead of its configure checks (little-endian wasm32).
  set(expat_config_dir "${CMAKE_BINARY_DIR}/third_party_xlsx")
  file(WRITE "${expat_config_dir}/expat_config.h.new"
    "/* written by cmake/third_party_xlsx.cmake for the emscripten build */\n"
    "#define BYTEORDER 1234\n#define HAVE_STDINT_H 1\n#define HAVE_STDLIB_H 1\n#define HAVE_STRING_H 1\n"
    "#define HAVE_UNISTD_H 1\n#define HAVE_SYS_TYPES_H 1\n#define HAVE_MEMMOVE 1\n#define STDC_HEADERS 1\n"
    "#define XML_CONTEXT_BYTES 1024\n#define XML_DTD 1\n#define XML_NS 1\n"
    "#define XML_DEV_URANDOM 1\n#define PACKAGE \"expat\"\n")
  configure_file("${expat_config_dir}/expat_config.h.new" "${expat_config_dir}/expat_config.h" COPYONLY)
  add_library(clv_expat STATIC ${expat_dir}/xmlparse.c ${expat_dir}/xmlrole.c ${expat_dir}/xmltok.c)
  target_include_directories(clv_expat SYSTEM PUBLIC "${expat_dir}" PRIVATE "${expat_config_dir}")
  target_compile_definitions(clv_expat PUBLIC XML_STATIC PRIVATE HAVE_EXPAT_CONFIG_H)
  target_compile_options(clv_expat PRIVATE -O3 -w)

  # libxlsxwriter with the minizip above, the C library's tmpfile() (MEMFS /tmp in the browser)
  # and without its MD5 (used only to de-duplicate images, which these workbooks do not have).
  file(GLOB lxw_sources "${lxw_dir}/src/*.c")
  # Its packager deflates at zlib's default level; in the browser level 1 (third_party/xlsx_fast_deflate.c).
  set_source_files_properties("${lxw_dir}/src/packager.c" PROPERTIES
    COMPILE_DEFINITIONS "zipOpenNewFileInZip4_64=clv_zip_open_new_file_fast")
  add_library(clv_xlsxwriter STATIC ${lxw_sources} "${CMAKE_CURRENT_LIST_DIR}/third_party/xlsx_fast_deflate.c")
  target_include_directories(clv_xlsxwriter SYSTEM PUBLIC "${lxw_dir}/include")
  target_compile_definitions(clv_xlsxwriter PRIVATE USE_SYSTEM_MINIZIP USE_STANDARD_TMPFILE USE_NO_MD5)
  target_compile_options(clv_xlsxwriter PRIVATE -O2 -w)
  target_link_libraries(clv_xlsxwriter PUBLIC clv_zlib)

  target_link_libraries(clv_core PUBLIC clv_xlsxwriter clv_expat clv_zlib)
else()
  find_package(ZLIB REQUIRED)
  find_package(EXPAT REQUIRED)
  find_path(CLV_MINIZIP_INCLUDE minizip/unzip.h REQUIRED)
  find_library(CLV_MINIZIP_LIB minizip REQUIRED)
  find_path(CLV_XLSXWRITER_INCLUDE xlsxwriter.h REQUIRED)
  find_library(CLV_XLSXWRITER_LIB xlsxwriter REQUIRED)
  if(NOT CLV_MINIZIP_LIB OR NOT CLV_XLSXWRITER_LIB OR NOT CLV_MINIZIP_INCLUDE OR NOT CLV_XLSXWRITER_INCLUDE)
    message(FATAL_ERROR "libminizip-dev or libxlsxwriter-dev is missing: run scripts/setup")
  endif()
  target_link_libraries(clv_core PUBLIC ${CLV_XLSXWRITER_LIB} ${CLV_MINIZIP_LIB} EXPAT::EXPAT ZLIB::ZLIB)
endif()

# The libFuzzer target for the reader is built by tests/fuzz/run-fuzz-xlsx with clang directly.

# ---- the .xlsx read benchmark driver (scripts/bench-xlsx) ---------------------------------
if(EXISTS "${CMAKE_SOURCE_DIR}/tests/xlsx/bench/xlsx_bench.cpp")
  add_executable(clv_xlsx_bench EXCLUDE_FROM_ALL "${CMAKE_SOURCE_DIR}/tests/xlsx/bench/xlsx_bench.cpp")
  target_link_libraries(clv_xlsx_bench PRIVATE clv_core)
  if(EMSCRIPTEN)
    target_compile_options(clv_xlsx_bench PRIVATE -O3)
    target_link_options(clv_xlsx_bench PRIVATE -O3 -sENVIRONMENT=node -sSINGLE_FILE=1 -sALLOW_MEMORY_GROWTH=1
      -sMAXIMUM_MEMORY=2GB -sNODERAWFS=1 -sEXIT_RUNTIME=1)
  endif()
endif()

# SPDX-License-Identifier: MIT
# pip's build of the lede package (pyproject.toml): the extension lede._lede comes from Lede's CMake
# build (the target lede_python, for the interpreter running pip), the Python files from lede/.
# Extra CMake options can be passed in LEDE_CMAKE_ARGS, as for scripts/build.
import os
import pathlib
import shlex
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent.parent


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build = pathlib.Path(self.build_temp).resolve() / "cmake"
        build.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
                        f"-DPython3_EXECUTABLE={sys.executable}", "-DBUILD_TESTING=OFF",
                        *shlex.split(os.environ.get("LEDE_CMAKE_ARGS", ""))], check=True)
        subprocess.run(["cmake", "--build", str(build), "--target", "lede_python", "-j", str(os.cpu_count() or 1)],
                       check=True)
        built = sorted((build / "python" / "lede").glob("_lede*.so"))
        if not built:
            raise RuntimeError("the CMake build made no lede/_lede*.so (is pybind11-dev installed?)")
        dest = pathlib.Path(self.get_ext_fullpath(ext.name))
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built[0], dest)


setup(
    packages=["lede"],
    package_data={"lede": ["_lede.pyi", "py.typed"]},
    ext_modules=[Extension("lede._lede", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
)
